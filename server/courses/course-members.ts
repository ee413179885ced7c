/**
 * Changes to who is in a course and in what role, for the members page and its API twin. A course
 * always keeps one instructor: the last one can be neither demoted nor removed, which is checked
 * inside the transaction that makes the change, so two instructors demoting each other at once
 * cannot both succeed. Every change is written to the audit trail.
 */
import type { PrismaClient } from '../db/generated/client.js';
import { serviceError } from '../errors.js';
import { createInvitation } from '../invitations.js';
import { cleanEmail } from '../account-fields.js';
import { COURSE_ROLES, isCourseRole, type CourseRole } from '../plugins/course-access.js';
import { writeAuditEvent } from './audit-log.js';

/** Roles an invitation from the members page gives; students come from the roster import. */
export const STAFF_INVITATION_ROLES: readonly CourseRole[] = ['ta', 'instructor'];

export interface CourseMember {
  userId: string;
  name: string;
  email: string;
  role: CourseRole;
  studentNumber: string | null;
  joinedAt: Date;
}

export interface MemberChange {
  db: PrismaClient;
  courseId: string;
  actorId: string;
  userId: string;
}

const ROLE_ORDER: Record<CourseRole, number> = { instructor: 0, ta: 1, student: 2 };

export async function listMembers(db: PrismaClient, courseId: string): Promise<CourseMember[]> {
  const enrollments = await db.enrollment.findMany({
    where: { courseId },
    select: { role: true, studentNumber: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return enrollments
    .filter((enrollment) => isCourseRole(enrollment.role))
    .map((enrollment) => ({
      userId: enrollment.user.id,
      name: enrollment.user.name,
      email: enrollment.user.email,
      role: enrollment.role as CourseRole,
      studentNumber: enrollment.studentNumber,
      joinedAt: enrollment.createdAt,
    }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}

export function parseRole(value: unknown, allowed: readonly CourseRole[] = COURSE_ROLES): CourseRole {
  if (!isCourseRole(value) || !allowed.includes(value)) throw serviceError('NG_ERR_MEMBER_ROLE_INVALID', allowed);
  return value;
}

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

async function enrollmentOf(tx: Transaction, courseId: string, userId: string) {
  const enrollment = await tx.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
  if (!enrollment) throw serviceError('NG_ERR_MEMBER_NOT_FOUND');
  return enrollment;
}

async function ensureAnotherInstructor(tx: Transaction, courseId: string): Promise<void> {
  if ((await tx.enrollment.count({ where: { courseId, role: 'instructor' } })) <= 1) throw serviceError('NG_ERR_LAST_INSTRUCTOR');
}

export async function changeRole({ db, courseId, actorId, userId }: MemberChange, role: CourseRole, reason: string | null = null): Promise<void> {
  await db.$transaction(async (tx) => {
    const enrollment = await enrollmentOf(tx, courseId, userId);
    if (enrollment.role === role) return;
    if (enrollment.role === 'instructor') await ensureAnotherInstructor(tx, courseId);
    await tx.enrollment.update({ where: { id: enrollment.id }, data: { role } });
    await writeAuditEvent(tx, { courseId, actorId, kind: 'role', subjectUserId: userId, reason, before: { role: enrollment.role }, after: { role } });
  });
}

export async function removeMember({ db, courseId, actorId, userId }: MemberChange, reason: string | null = null): Promise<void> {
  await db.$transaction(async (tx) => {
    const enrollment = await enrollmentOf(tx, courseId, userId);
    if (enrollment.role === 'instructor') await ensureAnotherInstructor(tx, courseId);
    // Submissions stay: they belong to the person, and come back if they are enrolled again.
    await tx.enrollment.delete({ where: { id: enrollment.id } });
    await writeAuditEvent(tx, {
      courseId,
      actorId,
      kind: 'role',
      subjectUserId: userId,
      reason,
      before: { role: enrollment.role, studentNumber: enrollment.studentNumber },
      after: null,
    });
  });
}

export interface StaffInvitation {
  email: string;
  role: CourseRole;
  token: string;
  expiresAt: Date;
}

export async function inviteStaff(db: PrismaClient, courseId: string, actorId: string, rawEmail: string, rawRole: unknown): Promise<StaffInvitation> {
  const email = cleanEmail(rawEmail);
  if (typeof email !== 'string') throw email;
  const role = parseRole(rawRole, STAFF_INVITATION_ROLES);
  if ((await db.enrollment.count({ where: { courseId, user: { email } } })) > 0) throw serviceError('NG_ERR_ALREADY_MEMBER', email);
  const { token, expiresAt } = await createInvitation(db, { courseId, email, role: role as 'ta' | 'instructor', createdById: actorId });
  return { email, role, token, expiresAt };
}

/** The address an invitation token opens, on the host the instructor is using. */
export function invitationLink(origin: string, token: string): string {
  return `${origin}/invitations/${encodeURIComponent(token)}`;
}

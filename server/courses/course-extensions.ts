/**
 * Per-student extensions of an assignment: a later due date and late-until date for one student,
 * with the reason, which the audit trail keeps with the dates before and after. The counted score
 * (server/grades/counted-score.ts) reads them; an extension replaces both of the assignment's
 * dates, so a student without a late period in the extension has none.
 */
import type { PrismaClient } from '../db/generated/client.js';
import { serviceError } from '../errors.js';
import { writeAuditEvent } from './audit-log.js';
import type { DateReader } from './assignment-fields.js';

export const EXTENSION_REASON_MAX_CHARS = 500;

export interface ExtensionData {
  dueAt: Date;
  lateUntil: Date | null;
  reason: string;
}

export interface ExtensionInput {
  dueAt: string;
  lateUntil: string;
  reason: string;
}

export interface ExtensionRow extends ExtensionData {
  userId: string;
  name: string;
  email: string;
  grantedBy: string | null;
  createdAt: Date;
}

export interface ExtensionChange {
  db: PrismaClient;
  courseId: string;
  assignmentId: string;
  actorId: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

export function cleanReason(text: string, maxChars = EXTENSION_REASON_MAX_CHARS): string {
  const reason = text.replace(CONTROL_CHARACTERS, ' ').trim();
  if (reason === '' || reason.length > maxChars) throw serviceError('NG_ERR_REASON_REQUIRED', maxChars);
  return reason;
}

export function parseExtensionInput(input: ExtensionInput, readDate: DateReader): ExtensionData {
  if (input.dueAt.trim() === '') throw serviceError('NG_ERR_DATE_INVALID', 'new due date');
  const dueAt = readDate(input.dueAt, 'new due date');
  const lateUntil = input.lateUntil.trim() === '' ? null : readDate(input.lateUntil, 'end of the late period');
  if (lateUntil && lateUntil <= dueAt) throw serviceError('NG_ERR_LATE_BEFORE_DUE');
  return { dueAt, lateUntil, reason: cleanReason(input.reason) };
}

export async function listExtensions(db: PrismaClient, assignmentId: string): Promise<ExtensionRow[]> {
  const rows = await db.extension.findMany({
    where: { assignmentId },
    select: { userId: true, dueAt: true, lateUntil: true, reason: true, grantedById: true, createdAt: true, user: { select: { name: true, email: true } } },
  });
  const granters = await db.user.findMany({ where: { id: { in: rows.flatMap((row) => (row.grantedById ? [row.grantedById] : [])) } }, select: { id: true, name: true } });
  const granterName = new Map(granters.map((user) => [user.id, user.name]));
  return rows
    .map((row) => ({
      userId: row.userId,
      name: row.user.name,
      email: row.user.email,
      dueAt: row.dueAt,
      lateUntil: row.lateUntil,
      reason: row.reason,
      grantedBy: row.grantedById ? (granterName.get(row.grantedById) ?? null) : null,
      createdAt: row.createdAt,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The course's students, whom an extension can be given to. */
export async function listStudents(db: PrismaClient, courseId: string): Promise<{ userId: string; name: string; email: string; studentNumber: string | null }[]> {
  const rows = await db.enrollment.findMany({ where: { courseId, role: 'student' }, select: { studentNumber: true, user: { select: { id: true, name: true, email: true } } } });
  return rows.map((row) => ({ userId: row.user.id, name: row.user.name, email: row.user.email, studentNumber: row.studentNumber })).sort((a, b) => a.name.localeCompare(b.name));
}

function dates(row: { dueAt: Date; lateUntil: Date | null } | null): Record<string, unknown> | null {
  return row ? { dueAt: row.dueAt, lateUntil: row.lateUntil } : null;
}

/** Grants an extension, or changes the student's existing one. */
export async function setExtension({ db, courseId, assignmentId, actorId }: ExtensionChange, userId: string, data: ExtensionData): Promise<void> {
  await db.$transaction(async (tx) => {
    const student = await tx.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { role: true } });
    if (!student || student.role !== 'student') throw serviceError('NG_ERR_MEMBER_NOT_FOUND');
    const before = await tx.extension.findUnique({ where: { assignmentId_userId: { assignmentId, userId } } });
    await tx.extension.upsert({
      where: { assignmentId_userId: { assignmentId, userId } },
      create: { assignmentId, userId, ...data, grantedById: actorId },
      update: { ...data, grantedById: actorId },
    });
    await writeAuditEvent(tx, { courseId, actorId, kind: 'extension', subjectUserId: userId, assignmentId, reason: data.reason, before: dates(before), after: dates(data) });
  });
}

export async function removeExtension({ db, courseId, assignmentId, actorId }: ExtensionChange, userId: string, reason: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.extension.findUnique({ where: { assignmentId_userId: { assignmentId, userId } } });
    if (!before) throw serviceError('NG_ERR_EXTENSION_NOT_FOUND');
    await tx.extension.delete({ where: { id: before.id } });
    await writeAuditEvent(tx, { courseId, actorId, kind: 'extension', subjectUserId: userId, assignmentId, reason, before: dates(before), after: null });
  });
}

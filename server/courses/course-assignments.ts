/**
 * Creating, changing and deleting a course's assignments, with the audit trail: every change of a
 * date, the late policy, the points or the scoring is recorded with its before and after, in the
 * same transaction as the change.
 */
import { Prisma, type PrismaClient } from '../db/generated/client.js';
import { serviceError } from '../errors.js';
import { changedFields, writeAuditEvent } from './audit-log.js';
import type { AssignmentData } from './assignment-fields.js';

export interface AssignmentRow extends AssignmentData {
  id: string;
  exerciseId: string;
  exercise: { slug: string; title: string };
}

const ASSIGNMENT_SELECT = {
  id: true,
  exerciseId: true,
  points: true,
  opensAt: true,
  dueAt: true,
  lateUntil: true,
  latePolicy: true,
  latePercent: true,
  submissionsPerHour: true,
  scoring: true,
  exercise: { select: { slug: true, title: true } },
} as const;

function snapshot(data: AssignmentData): Record<string, unknown> {
  const { points, opensAt, dueAt, lateUntil, latePolicy, latePercent, submissionsPerHour, scoring } = data;
  return { points, opensAt, dueAt, lateUntil, latePolicy, latePercent, submissionsPerHour, scoring };
}

export async function listAssignments(db: PrismaClient, courseId: string): Promise<AssignmentRow[]> {
  const rows = await db.assignment.findMany({ where: { courseId }, orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }], select: ASSIGNMENT_SELECT });
  return rows as AssignmentRow[];
}

/** The course's assignment; one of another course answers like a missing one. */
export async function findAssignment(db: PrismaClient, courseId: string, assignmentId: string): Promise<AssignmentRow> {
  const row = await db.assignment.findFirst({ where: { id: assignmentId, courseId }, select: ASSIGNMENT_SELECT });
  if (!row) throw serviceError('NG_ERR_ASSIGNMENT_NOT_FOUND');
  return row as AssignmentRow;
}

export interface AssignmentChange {
  db: PrismaClient;
  courseId: string;
  actorId: string;
  reason?: string | null;
}

export async function createAssignment({ db, courseId, actorId, reason }: AssignmentChange, exercise: { rowId: string; slug: string }, data: AssignmentData): Promise<string> {
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.assignment.create({ data: { courseId, exerciseId: exercise.rowId, ...data }, select: { id: true } });
      await writeAuditEvent(tx, { courseId, actorId, kind: 'assignment', assignmentId: created.id, reason: reason ?? null, before: null, after: { exercise: exercise.slug, ...snapshot(data) } });
      return created.id;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw serviceError('NG_ERR_ASSIGNMENT_EXERCISE_TAKEN', exercise.slug);
    throw error;
  }
}

/** Changes the assignment; an event records the fields that changed (none: no event). */
export async function updateAssignment({ db, courseId, actorId, reason }: AssignmentChange, assignmentId: string, data: AssignmentData): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await tx.assignment.findFirst({ where: { id: assignmentId, courseId } });
    if (!current) throw serviceError('NG_ERR_ASSIGNMENT_NOT_FOUND');
    const before = snapshot(current as unknown as AssignmentData);
    const after = snapshot(data);
    const changed = changedFields(before, after);
    if (changed.length === 0) return;
    await tx.assignment.update({ where: { id: assignmentId }, data });
    await writeAuditEvent(tx, {
      courseId,
      actorId,
      kind: 'assignment',
      assignmentId,
      reason: reason ?? null,
      before: Object.fromEntries(changed.map((key) => [key, before[key]])),
      after: Object.fromEntries(changed.map((key) => [key, after[key]])),
    });
  });
}

/** Deletes the assignment with its extensions and overrides; submissions stay with their authors. */
export async function deleteAssignment({ db, courseId, actorId, reason }: AssignmentChange, assignmentId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await tx.assignment.findFirst({ where: { id: assignmentId, courseId }, include: { exercise: { select: { slug: true } } } });
    if (!current) throw serviceError('NG_ERR_ASSIGNMENT_NOT_FOUND');
    await tx.assignment.delete({ where: { id: assignmentId } });
    await writeAuditEvent(tx, {
      courseId,
      actorId,
      kind: 'assignment',
      assignmentId,
      reason: reason ?? null,
      before: { exercise: current.exercise.slug, ...snapshot(current as unknown as AssignmentData) },
      after: null,
    });
  });
}

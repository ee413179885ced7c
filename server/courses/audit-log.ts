/**
 * The course audit trail's one writer. Every change to a deadline, a late policy, an extension or
 * a member's role is recorded with who made it, whom it concerns, why, and what it was before and
 * after, so a disputed grade can be explained later. Callers pass their transaction, so the event
 * is written if and only if the change is.
 */
import type { PrismaClient } from '../db/generated/client.js';

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * What an event is about; the audit page filters on it. A creation has `before: null` and a
 * removal `after: null` (an extension withdrawn, a member removed, an assignment deleted).
 */
export type AuditKind = 'assignment' | 'extension' | 'role' | 'course-settings' | 'override' | 'override-removed' | 'regrade';

export interface AuditEventInput {
  courseId: string;
  actorId: string | null;
  kind: AuditKind;
  subjectUserId?: string | null;
  assignmentId?: string | null;
  submissionId?: string | null;
  reason?: string | null;
  /** The changed fields as they were; null when the thing did not exist. */
  before: Record<string, unknown> | null;
  /** The changed fields as they are now; null when the thing was removed. */
  after: Record<string, unknown> | null;
}

/** Dates are written as ISO instants, so the JSON reads the same whatever the server's zone. */
function serializable(value: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!value) return null;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, field instanceof Date ? field.toISOString() : field]));
}

export async function writeAuditEvent(db: Transaction | PrismaClient, event: AuditEventInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      courseId: event.courseId,
      actorId: event.actorId,
      kind: event.kind,
      subjectUserId: event.subjectUserId ?? null,
      assignmentId: event.assignmentId ?? null,
      submissionId: event.submissionId ?? null,
      reason: event.reason ?? null,
      detailJson: JSON.stringify({ before: serializable(event.before), after: serializable(event.after) }),
    },
  });
}

/** The fields whose values differ between two snapshots (dates compared by instant). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
  return Object.keys(after).filter((key) => !same(before[key], after[key]));
}

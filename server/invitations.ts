/**
 * Invitations to a course. An instructor invites an email address with a role; the invitee
 * opens the link (`/invitations/<token>`) and creates an account, or joins the course with the
 * account they have. The token is single use and expires; only its SHA-256 is stored.
 */
import type { PrismaClient } from './db/generated/client.js';
import { normalizeEmail } from './plugins/auth.js';
import { hashToken, issueToken } from './secret-tokens.js';

export const INVITATION_ROLES = ['student', 'ta', 'instructor'] as const;
export type InvitationRole = (typeof INVITATION_ROLES)[number];

/** Long enough for a student who reads email weekly; short enough that a leaked link goes stale. */
export const INVITATION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

const INVITATION_TOKEN_PREFIX = 'ngi_';

export interface InvitationInput {
  courseId: string;
  email: string;
  role: InvitationRole;
  /** The instructor who invites, when there is one. */
  createdById?: string;
  lifetimeMs?: number;
  now?: Date;
}

export interface CreatedInvitation {
  id: string;
  /** The raw token for the invitation link: returned only here, never stored. */
  token: string;
  expiresAt: Date;
}

export async function createInvitation(db: PrismaClient, input: InvitationInput): Promise<CreatedInvitation> {
  if (!INVITATION_ROLES.includes(input.role)) throw new Error(`unknown invitation role "${String(input.role)}"`);
  const { token, tokenHash } = issueToken(INVITATION_TOKEN_PREFIX);
  const expiresAt = new Date((input.now ?? new Date()).getTime() + (input.lifetimeMs ?? INVITATION_LIFETIME_MS));
  const row = await db.invitation.create({
    data: { courseId: input.courseId, email: normalizeEmail(input.email), role: input.role, tokenHash, expiresAt, createdById: input.createdById ?? null },
    select: { id: true },
  });
  return { id: row.id, token, expiresAt };
}

export interface OpenInvitation {
  id: string;
  email: string;
  role: InvitationRole;
  course: { id: string; title: string };
}

/** The invitation a token opens, or null when it is unknown, expired or already used. */
export async function findOpenInvitation(db: PrismaClient, token: string, now = new Date()): Promise<OpenInvitation | null> {
  const row = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, email: true, role: true, expiresAt: true, acceptedAt: true, course: { select: { id: true, title: true } } },
  });
  if (!row || row.acceptedAt || row.expiresAt.getTime() <= now.getTime()) return null;
  return { id: row.id, email: row.email, role: row.role as InvitationRole, course: row.course };
}

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Marks the invitation used, inside the caller's transaction. False when another request used it
 * (or it expired) since it was read: the condition is checked by the update itself, so two
 * requests with the same link cannot both succeed.
 */
export async function claimInvitation(tx: Transaction, invitationId: string, now = new Date()): Promise<boolean> {
  const { count } = await tx.invitation.updateMany({
    where: { id: invitationId, acceptedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now },
  });
  return count === 1;
}

/**
 * Enrolls the user with the invitation's role. An existing enrollment in the course is raised
 * to the invited role, never lowered by an invitation as a student.
 */
export async function enrollFromInvitation(tx: Transaction, userId: string, invitation: OpenInvitation): Promise<void> {
  const existing = await tx.enrollment.findUnique({ where: { userId_courseId: { userId, courseId: invitation.course.id } } });
  if (!existing) {
    await tx.enrollment.create({ data: { userId, courseId: invitation.course.id, role: invitation.role } });
    return;
  }
  if (INVITATION_ROLES.indexOf(invitation.role) > INVITATION_ROLES.indexOf(existing.role as InvitationRole)) {
    await tx.enrollment.update({ where: { id: existing.id }, data: { role: invitation.role } });
  }
}

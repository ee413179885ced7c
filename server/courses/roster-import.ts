/**
 * Puts a parsed roster into a course. A row whose address has an account is enrolled as a student
 * with its student id; a row without one gets an invitation (a link to create the account and
 * join). Rows already in the course, or with an open invitation, are left alone, so importing the
 * same file twice adds nothing. The preview and the import sort the rows the same way, so what
 * the instructor confirmed is what happens (unless the course changed in between).
 */
import { stringify } from 'csv-stringify/sync';
import type { PrismaClient } from '../db/generated/client.js';
import { createInvitation } from '../invitations.js';
import type { InvalidRosterRow, ParsedRoster, RosterRow } from './roster-csv.js';

export interface RosterPlan {
  /** Have an account, not in the course yet: enrolled as students. */
  toEnroll: RosterRow[];
  /** No account: invited. */
  toInvite: RosterRow[];
  alreadyMembers: RosterRow[];
  /** No account, and an invitation to the course that is still open. */
  alreadyInvited: RosterRow[];
  invalid: InvalidRosterRow[];
}

export interface InvitedRow {
  name: string;
  email: string;
  link: string;
}

export interface RosterImportResult extends RosterPlan {
  invited: InvitedRow[];
}

export async function planRoster(db: PrismaClient, courseId: string, roster: ParsedRoster, now = new Date()): Promise<RosterPlan> {
  const emails = roster.rows.map((row) => row.email);
  const users = await db.user.findMany({ where: { email: { in: emails } }, select: { email: true, enrollments: { where: { courseId }, select: { id: true } } } });
  const userByEmail = new Map(users.map((user) => [user.email, user]));
  const openInvitations = await db.invitation.findMany({ where: { courseId, email: { in: emails }, acceptedAt: null, expiresAt: { gt: now } }, select: { email: true } });
  const invitedEmails = new Set(openInvitations.map((invitation) => invitation.email));

  const plan: RosterPlan = { toEnroll: [], toInvite: [], alreadyMembers: [], alreadyInvited: [], invalid: roster.invalid };
  for (const row of roster.rows) {
    const user = userByEmail.get(row.email);
    if (user && user.enrollments.length > 0) plan.alreadyMembers.push(row);
    else if (user) plan.toEnroll.push(row);
    else if (invitedEmails.has(row.email)) plan.alreadyInvited.push(row);
    else plan.toInvite.push(row);
  }
  return plan;
}

/** Enrolls and invites as planned; the raw invitation links are returned here only. */
export async function importRoster(
  db: PrismaClient,
  course: { id: string },
  actorId: string,
  roster: ParsedRoster,
  linkFor: (token: string) => string,
): Promise<RosterImportResult> {
  const plan = await planRoster(db, course.id, roster);
  const users = await db.user.findMany({ where: { email: { in: plan.toEnroll.map((row) => row.email) } }, select: { id: true, email: true } });
  const idByEmail = new Map(users.map((user) => [user.email, user.id]));
  await db.$transaction(async (tx) => {
    for (const row of plan.toEnroll) {
      const userId = idByEmail.get(row.email)!;
      // upsert: a member who joined between the plan and now keeps their role.
      await tx.enrollment.upsert({
        where: { userId_courseId: { userId, courseId: course.id } },
        create: { userId, courseId: course.id, role: 'student', studentNumber: row.studentNumber },
        update: {},
      });
    }
  });
  const invited: InvitedRow[] = [];
  for (const row of plan.toInvite) {
    const { token } = await createInvitation(db, { courseId: course.id, email: row.email, role: 'student', createdById: actorId });
    invited.push({ name: row.name, email: row.email, link: linkFor(token) });
  }
  return { ...plan, invited };
}

/** A spreadsheet would run a cell starting with one of these as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

function inertCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** name,email,link: for a mail merge. */
export function invitationsCsv(invited: readonly InvitedRow[]): string {
  return stringify([['name', 'email', 'link'], ...invited.map((row) => [inertCell(row.name), inertCell(row.email), row.link])], { record_delimiter: 'windows' });
}

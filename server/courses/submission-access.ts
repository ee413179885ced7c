/**
 * Who may open a submission: its author, and the staff (teaching assistants and instructors) of a
 * course in which the author is a student and the submission's exercise is assigned. Anyone else
 * gets the same answer as for a missing submission. Staff see the stored result in full, hidden
 * tests included; the author sees hidden tests as passed or failed only.
 */
import type { GradingResult } from '../../harness/result-schema.js';
import type { PrismaClient } from '../db/generated/client.js';
import { STAFF_ROLES } from '../plugins/course-access.js';
import { submissionView, testRow, type SubmissionView } from '../result-view.js';

export interface SubmissionAccessSubject {
  userId: string;
  exerciseId: string;
}

export type SubmissionAccess = 'author' | 'staff' | null;

/** How `viewerId` may see the submission: as its author, as course staff, or not at all. */
export async function canViewSubmission(db: PrismaClient, viewerId: string, submission: SubmissionAccessSubject): Promise<SubmissionAccess> {
  if (submission.userId === viewerId) return 'author';
  const courses = await db.course.count({
    where: {
      AND: [
        { enrollments: { some: { userId: viewerId, role: { in: [...STAFF_ROLES] } } } },
        { enrollments: { some: { userId: submission.userId, role: 'student' } } },
        { assignments: { some: { exerciseId: submission.exerciseId } } },
      ],
    },
  });
  return courses > 0 ? 'staff' : null;
}

/**
 * The submission page's view for course staff: like the author's, but every test as the stored
 * result has it, hidden ones named and marked "hidden" in their location.
 */
export function staffSubmissionView(status: string, resultJson: string | null): SubmissionView {
  const view = submissionView(status, resultJson);
  if (resultJson === null || view.tests.length === 0) return view;
  const result = JSON.parse(resultJson) as GradingResult;
  const tests = result.tests.map((test) => {
    if (test.visibility !== 'hidden') return testRow(test);
    const row = testRow({ ...test, visibility: 'public' });
    return { ...row, location: `${test.source} (hidden test)` };
  });
  return {
    ...view,
    tests,
    passedCount: tests.filter((test) => test.passed).length,
    failing: tests.filter((test) => !test.passed),
    passing: tests.filter((test) => test.passed),
  };
}

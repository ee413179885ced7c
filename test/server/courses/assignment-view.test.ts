import { describe, expect, it } from 'vitest';
import { assignmentView, howSubmissionCounts, isAfterDue, latePolicyText, type StudentAssignment } from '../../../server/courses/assignment-view.js';
import type { SubmissionForScore } from '../../../server/grades/counted-score.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const now = new Date('2026-03-10T12:00:00Z');
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

function assignment(fields: Partial<StudentAssignment['rules']> = {}, extra: Partial<StudentAssignment> = {}): StudentAssignment {
  return {
    rules: { points: 20, opensAt: null, dueAt: at(DAY), lateUntil: null, latePolicy: 'none', latePercent: 0, scoring: 'best', submissionsPerHour: null, ...fields },
    course: { slug: 'networks', title: 'Networks', timeZone: 'Europe/Madrid' },
    exercise: { id: 'e1', slug: 'http-request-parser', title: 'Parse a request' },
    extension: null,
    override: null,
    submissions: [],
    ...extra,
  };
}

let counter = 0;
function graded(createdAt: Date, score: number, fields: Partial<SubmissionForScore> = {}): SubmissionForScore {
  counter += 1;
  return { id: `s${counter}`, createdAt, status: 'graded', gradable: true, score, maxScore: 10, exerciseHash: 'h', ...fields };
}

describe('latePolicyText', () => {
  it('words each policy with its late-until date', () => {
    expect(latePolicyText('percent-per-day', 10, 'D')).toBe('Late submissions count until D, with 10% off for each started day late.');
    expect(latePolicyText('fixed-credit', 50, 'D')).toBe('Late submissions count until D, for 50% of their score.');
    expect(latePolicyText('none', 0, 'D')).toBe('Late submissions count in full until D.');
  });

  it('says late work is not taken when there is no late period, whatever the policy', () => {
    expect(latePolicyText('percent-per-day', 10, null)).toMatch(/^No late submissions/);
  });
});

describe('assignmentView', () => {
  it('shows dates in the course time zone, with the extended due date and the course one', () => {
    const view = assignmentView(assignment({ dueAt: new Date('2026-03-11T12:00:00Z') }, { extension: { dueAt: new Date('2026-03-14T08:30:00Z'), lateUntil: null } }), now);
    expect(view.dates.dueAt).toBe('2026-03-14 09:30 (Europe/Madrid)');
    expect(view.extendedFrom).toBe('2026-03-11 13:00 (Europe/Madrid)');
    expect(view.instants.dueAt).toBe('2026-03-14T08:30:00.000Z');
  });

  it('takes its score, attempts and status from countedScore, and the override over them', () => {
    const submissions = [graded(at(-2 * HOUR), 4), graded(at(-HOUR), 10)];
    expect(assignmentView(assignment({}, { submissions }), now)).toMatchObject({ points: 20, attempts: 2, status: 'passed', statusLabel: 'passed', overridden: false });
    expect(assignmentView(assignment({}, { submissions, override: { score: 7, reason: 'plagiarism hearing' } }), now)).toMatchObject({ points: 7, overridden: true });
    expect(assignmentView(assignment(), now)).toMatchObject({ points: null, attempts: 0, status: 'not-started', statusLabel: 'not started' });
  });

  it('notes that a closed or not yet open assignment grades submissions as practice', () => {
    expect(assignmentView(assignment({ dueAt: at(-HOUR) }), now).windowNote).toMatch(/^Closed: .*no longer count/);
    expect(assignmentView(assignment({ opensAt: at(HOUR) }), now).windowNote).toMatch(/^Not open yet: submissions before 2026-03-10 14:00 \(Europe\/Madrid\)/);
    expect(assignmentView(assignment(), now).windowNote).toBeNull();
  });
});

describe('isAfterDue', () => {
  it('is false for an exercise assigned nowhere', () => {
    expect(isAfterDue([], now)).toBe(false);
  });

  it('is true once every due date has passed, and not at the due moment itself', () => {
    expect(isAfterDue([assignment({ dueAt: at(-1) }), assignment({ dueAt: at(-DAY) })], now)).toBe(true);
    expect(isAfterDue([assignment({ dueAt: now })], now)).toBe(false);
    expect(isAfterDue([assignment({ dueAt: at(-DAY) }), assignment({ dueAt: at(DAY) })], now)).toBe(false);
  });

  it('waits for the student’s extended due date, and not for the late period', () => {
    expect(isAfterDue([assignment({ dueAt: at(-DAY) }, { extension: { dueAt: at(HOUR), lateUntil: null } })], now)).toBe(false);
    expect(isAfterDue([assignment({ dueAt: at(-DAY), lateUntil: at(DAY) })], now)).toBe(true);
  });
});

describe('howSubmissionCounts', () => {
  it('says a submission still being graded or that could not be graded does not count yet', () => {
    const pending = graded(at(-HOUR), 0, { status: 'queued', score: null });
    expect(howSubmissionCounts(pending, assignment({}, { submissions: [pending] })).verdict).toBe('pending');
    const failed = graded(at(-HOUR), 0, { status: 'failed', score: null });
    expect(howSubmissionCounts(failed, assignment({}, { submissions: [failed] })).verdict).toBe('not-graded');
  });

  it('says a submission after the late-until date was practice', () => {
    const late = graded(at(-HOUR), 10);
    const count = howSubmissionCounts(late, assignment({ dueAt: at(-DAY), lateUntil: at(-2 * HOUR) }, { submissions: [late] }));
    expect(count).toMatchObject({ verdict: 'outside-window', points: null });
    expect(count.text).toBe('Does not count: sent after 2026-03-10 11:00 (Europe/Madrid), when the assignment closed. It was graded as practice.');
  });

  it('with last scoring, says an earlier better submission is superseded by the last one', () => {
    const better = graded(at(-2 * HOUR), 10);
    const last = graded(at(-HOUR), 5);
    const rules = assignment({ scoring: 'last' }, { submissions: [better, last] });
    expect(howSubmissionCounts(better, rules)).toMatchObject({ verdict: 'superseded', points: 0 });
    expect(howSubmissionCounts(better, rules).text).toBe('Superseded: your last submission counts (10 / 20 points).');
    expect(howSubmissionCounts(last, rules)).toMatchObject({ verdict: 'counts', points: 10 });
  });

  it('with fixed credit, names the share a late submission lost', () => {
    const late = graded(at(-HOUR), 10);
    const count = howSubmissionCounts(late, assignment({ dueAt: at(-2 * DAY), lateUntil: at(DAY), latePolicy: 'fixed-credit', latePercent: 60 }, { submissions: [late] }));
    expect(count).toMatchObject({ verdict: 'counts', points: 12, late: { daysLate: 2, penaltyPercent: 40 } });
  });

  it('says the grade was set by hand when there is an override', () => {
    const submission = graded(at(-HOUR), 10);
    const count = howSubmissionCounts(submission, assignment({}, { submissions: [submission], override: { score: 15, reason: 'regraded by hand' } }));
    expect(count).toMatchObject({ verdict: 'overridden', points: 0 });
    expect(count.text).toBe('Your instructor set your grade for this assignment: 15 / 20 points.');
  });
});

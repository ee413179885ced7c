/**
 * A regrade after an exercise changed: students submit, the instructor changes a vector's expected
 * value, the service restarts with the new version, and a regrade grades the submissions again.
 * The new gradings carry the new hash, the old ones stay, scores move, and the audit trail says so.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { correctSolution, EXERCISE_SLUG, wrongAnswerSolution } from '../../support/solutions.js';
import { buildTestApp, createTestDir, type TestApp } from '../../support/test-app.js';
import { copyExercise, courseWithStaff, InProcessGrader, signedIn } from './regrade-fixtures.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(dir: string, exercisesDir: string): Promise<TestApp> {
  const testApp = await buildTestApp({ dir, env: { NETGRADE_EXERCISES_DIR: exercisesDir }, grader: new InProcessGrader(exercisesDir) });
  return testApp;
}

/** The contract's example now expects lower-case header names: right for one solution, wrong for the other. */
async function lowerCaseTheExampleHeaders(exercisesDir: string): Promise<void> {
  const file = path.join(exercisesDir, EXERCISE_SLUG, 'vectors', 'examples.md');
  const text = await readFile(file, 'utf8');
  const changed = text.replace('"headers": [["Host", "www.someschool.edu"], ["Connection", "close"]]', '"headers": [["host", "www.someschool.edu"], ["connection", "close"]]');
  expect(changed).not.toBe(text);
  await writeFile(file, changed);
}

describe('a regrade after the exercise changed', () => {
  it('adds gradings with the new version, keeps the old ones, changes scores and writes the audit trail', async () => {
    const dir = await createTestDir();
    const { exercisesDir, remove } = await copyExercise();
    cleanups.push(() => rm(dir, { recursive: true, force: true }), remove);

    let testApp = await start(dir, exercisesDir);
    const { app } = testApp;
    const course = await courseWithStaff(app);
    const [right, lowercasing] = course.students as [(typeof course.students)[0], (typeof course.students)[0]];
    const submissionIds: string[] = [];
    for (const [student, code] of [[right, correctSolution()], [lowercasing, wrongAnswerSolution()]] as const) {
      const browser = await signedIn(app, student);
      const response = await browser.submit(EXERCISE_SLUG, { code });
      expect(response.statusCode).toBe(303);
      const id = response.headers.location!.split('/').pop()!;
      await app.grading.waitFor(id, 60_000);
      submissionIds.push(id);
    }
    const before = await app.db.submission.findMany({ where: { id: { in: submissionIds } }, orderBy: { createdAt: 'asc' } });
    expect(before.map((submission) => submission.status)).toEqual(['graded', 'graded']);
    const oldHash = (await app.db.exercise.findUniqueOrThrow({ where: { slug: EXERCISE_SLUG } })).contentHash;
    await testApp.close();

    await lowerCaseTheExampleHeaders(exercisesDir);
    testApp = await start(dir, exercisesDir);
    cleanups.push(() => testApp.close());
    const restarted = testApp.app;
    const newHash = (await restarted.db.exercise.findUniqueOrThrow({ where: { slug: EXERCISE_SLUG } })).contentHash;
    expect(newHash).not.toBe(oldHash);

    const instructor = await signedIn(restarted, course.instructor);
    const list = await instructor.get(`/courses/${course.slug}/regrades`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toMatch(new RegExp(`data-outdated="${EXERCISE_SLUG}">2<`));

    const _csrf = await instructor.csrfToken(`/courses/${course.slug}/regrades`);
    const started = await instructor.postForm(`/courses/${course.slug}/regrades`, { _csrf, exercise: EXERCISE_SLUG, mode: 'outdated' });
    expect(started.statusCode).toBe(303);
    const regradeId = started.headers.location!.split('/').pop()!;
    await restarted.regrades.settled(regradeId);

    const regrade = await restarted.db.regrade.findUniqueOrThrow({ where: { id: regradeId }, include: { items: true } });
    expect(regrade.status).toBe('finished');
    expect(regrade.exerciseHash).toBe(newHash);
    expect(regrade.items.map((item) => item.status)).toEqual(['done', 'done']);

    for (const [index, id] of submissionIds.entries()) {
      const gradings = await restarted.db.grading.findMany({ where: { submissionId: id }, orderBy: { createdAt: 'asc' } });
      expect(gradings.map((grading) => [grading.cause, grading.exerciseHash])).toEqual([
        ['submission', oldHash],
        ['regrade', newHash],
      ]);
      expect(gradings[1]!.regradeId).toBe(regradeId);
      const submission = await restarted.db.submission.findUniqueOrThrow({ where: { id } });
      expect(submission.exerciseHash).toBe(newHash);
      expect(submission.score).toBe(gradings[1]!.score);
      expect(gradings[0]!.score).toBe(before[index]!.score);
    }
    const after = await restarted.db.submission.findMany({ where: { id: { in: submissionIds } }, orderBy: { createdAt: 'asc' } });
    expect(after[0]!.score).toBeLessThan(before[0]!.score!);
    expect(after[1]!.score).toBeGreaterThan(before[1]!.score!);

    const audit = await restarted.db.auditEvent.findMany({ where: { courseId: course.courseId, kind: 'regrade' }, orderBy: { createdAt: 'asc' } });
    expect(audit).toHaveLength(2);
    for (const event of audit) {
      const index = submissionIds.indexOf(event.submissionId!);
      expect(event.actorId).toBe(course.instructor.id);
      expect(event.assignmentId).toBe(course.assignmentId);
      expect(event.subjectUserId).toBe(index === 0 ? right.id : lowercasing.id);
      expect(JSON.parse(event.detailJson)).toMatchObject({
        before: { score: before[index]!.score, exerciseHash: oldHash },
        after: { score: after[index]!.score, exerciseHash: newHash },
      });
    }

    const page = await instructor.get(`/courses/${course.slug}/regrades/${regradeId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-changes="up">1<');
    expect(page.body).toContain('data-changes="down">1<');
    expect(page.body).toContain('data-changes="unchanged">0<');
    expect(page.body).not.toContain('data-regrade-events-url');

    // Staff see both gradings and the version each used; the student sees no such list.
    const ta = await signedIn(restarted, course.ta);
    const staffView = await ta.get(`/submissions/${submissionIds[0]}`);
    expect(staffView.statusCode).toBe(200);
    expect(staffView.body).toContain('Gradings (2)');
    expect(staffView.body).toContain(`v1 · ${oldHash.slice(0, 7)}`);
    expect(staffView.body).toContain(`v2 · ${newHash.slice(0, 7)} (current)`);
    const studentView = await (await signedIn(restarted, right)).get(`/submissions/${submissionIds[0]}`);
    expect(studentView.statusCode).toBe(200);
    expect(studentView.body).not.toContain('Gradings (');

    const trail = await instructor.get(`/courses/${course.slug}/audit?kind=regrade`);
    expect(trail.statusCode).toBe(200);
    expect(trail.body.match(/data-audit-kind="regrade"/g)).toHaveLength(2);
    expect(trail.body).toContain(`score ${before[0]!.score} / ${before[0]!.maxScore}, version ${oldHash.slice(0, 7)} → score ${after[0]!.score} / ${after[0]!.maxScore}, version ${newHash.slice(0, 7)}`);
  }, 120_000);
});

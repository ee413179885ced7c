/**
 * `GET /submissions/:a/diff/:b`: a unified line diff (three lines of context) from submission `a`
 * to submission `b`. Both must be the signed-in student's and of the same exercise; anything else
 * gets the same 404 as a missing submission, so the route reveals nothing about others' work.
 */
import { structuredPatch } from 'diff';
import type { FastifyPluginAsync } from 'fastify';
import { serviceError } from '../../errors.js';

export interface DiffRow {
  kind: 'added' | 'removed' | 'unchanged';
  /** Line numbers in the older and newer file; absent on the side that lacks the line. */
  oldLine?: number;
  newLine?: number;
  text: string;
}

export interface DiffHunk {
  /** "Lines 3–9 → 3–12", for the hunk's heading. */
  heading: string;
  rows: DiffRow[];
}

const CONTEXT_LINES = 3;

function lineRange(start: number, count: number): string {
  if (count === 0) return `after line ${start}`;
  return count === 1 ? `line ${start}` : `lines ${start}–${start + count - 1}`;
}

/** The hunks of a unified diff from `before` to `after`, with line numbers on each row. */
export function diffHunks(before: string, after: string): DiffHunk[] {
  const patch = structuredPatch('before', 'after', before, after, undefined, undefined, { context: CONTEXT_LINES });
  return patch.hunks.map((hunk) => {
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    const rows: DiffRow[] = [];
    for (const line of hunk.lines) {
      const marker = line[0];
      const text = line.slice(1);
      // "\ No newline at end of file" describes the line before it; it is not a line of code.
      if (marker === '\\') continue;
      if (marker === '+') rows.push({ kind: 'added', newLine: newLine++, text });
      else if (marker === '-') rows.push({ kind: 'removed', oldLine: oldLine++, text });
      else rows.push({ kind: 'unchanged', oldLine: oldLine++, newLine: newLine++, text });
    }
    return { heading: `${lineRange(hunk.oldStart, hunk.oldLines)} → ${lineRange(hunk.newStart, hunk.newLines)}`, rows };
  });
}

const SUBMISSION_FIELDS = { id: true, exerciseId: true, filename: true, language: true, code: true, createdAt: true, status: true, score: true, maxScore: true } as const;

const submissionDiffRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { a: string; b: string } }>('/submissions/:a/diff/:b', { preHandler: app.requireUser }, async (request, reply) => {
    const userId = request.user!.id;
    const [before, after] = await Promise.all(
      [request.params.a, request.params.b].map((id) => app.db.submission.findFirst({ where: { id, userId }, select: SUBMISSION_FIELDS })),
    );
    if (!before || !after || before.exerciseId !== after.exerciseId) throw serviceError('NG_ERR_SUBMISSION_NOT_FOUND');
    const exercise = await app.db.exercise.findUniqueOrThrow({ where: { id: before.exerciseId }, select: { slug: true, title: true } });

    const hunks = diffHunks(before.code, after.code);
    const rows = hunks.flatMap((hunk) => hunk.rows);
    const describe = (submission: typeof before) => ({
      id: submission.id,
      filename: submission.filename,
      language: submission.language,
      createdAt: submission.createdAt.toISOString(),
      status: submission.status,
      score: submission.score,
      maxScore: submission.maxScore,
    });
    return reply.page('diff', {
      title: `Changes between two submissions · ${exercise.title} · netgrade`,
      exercise,
      before: describe(before),
      after: describe(after),
      hunks,
      added: rows.filter((row) => row.kind === 'added').length,
      removed: rows.filter((row) => row.kind === 'removed').length,
    });
  });
};

export default submissionDiffRoutes;

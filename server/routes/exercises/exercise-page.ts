import type { FastifyReply, FastifyRequest } from 'fastify';
import { Marked } from 'marked';
import type { SourceLanguage } from '../../../harness/compile.js';
import type { Exercise } from '../../../harness/exercises/types.js';
import { assignmentView, loadStudentAssignments } from '../../courses/assignment-view.js';
import { formatBytes, type ServiceError } from '../../errors.js';
import type { PublishedExercise } from '../../plugins/exercises.js';
import { highlightedCodeHtml } from '../../code-highlight.js';
import { escapeHtml } from '../../escape-html.js';
import { showInput, showValue } from '../../../harness/grading/feedback-text.js';

/**
 * Statements are trusted repository content, so their HTML is used as marked produces it; code
 * blocks marked as TypeScript or JavaScript are highlighted.
 */
const markdown = new Marked({
  gfm: true,
  renderer: {
    code({ text, lang }) {
      const language = lang?.split(/\s/)[0] ?? '';
      const languageClass = language ? ` class="language-${escapeHtml(language)}"` : '';
      return `<pre><code${languageClass}>${highlightedCodeHtml(text, language)}</code></pre>\n`;
    },
  },
});
const statementCache = new Map<string, string>();

/**
 * The statement as HTML. The page shows the exercise title as its only first-level heading, so a
 * leading `# Title` of the statement is left out.
 */
export function statementHtml(exercise: Exercise): string {
  let html = statementCache.get(exercise.contentHash);
  if (html === undefined) {
    const tokens = markdown.lexer(exercise.statementMarkdown);
    const first = tokens.findIndex((token) => token.type !== 'space');
    if (first >= 0 && tokens[first]!.type === 'heading' && (tokens[first] as { depth: number }).depth === 1) tokens.splice(first, 1);
    html = markdown.parser(tokens);
    statementCache.set(exercise.contentHash, html);
  }
  return html;
}

/** A vector file's public tests, as the exercise page lists them. */
export interface PublicTestGroup {
  file: string;
  tests: { name: string; rfc?: string; note?: string; points: number; input: string; expected: string }[];
}

/**
 * The public vectors, by file (one topic each), shown as the grader shows them in feedback: what
 * a student can run locally with `netgrade test`. Hidden and after-due vectors never appear.
 */
/** The groups depend only on the exercise's version, so each page view reuses them. */
const publicTestsCache = new Map<string, PublicTestGroup[]>();

export function publicTestGroups(exercise: Exercise): PublicTestGroup[] {
  let cached = publicTestsCache.get(exercise.contentHash);
  if (cached === undefined) publicTestsCache.set(exercise.contentHash, (cached = groupPublicTests(exercise)));
  return cached;
}

function groupPublicTests(exercise: Exercise): PublicTestGroup[] {
  const groups = new Map<string, PublicTestGroup>();
  for (const vector of exercise.vectors) {
    if (vector.visibility !== 'public') continue;
    let group = groups.get(vector.file);
    if (!group) groups.set(vector.file, (group = { file: vector.file, tests: [] }));
    group.tests.push({
      name: vector.name,
      ...(vector.rfc ? { rfc: vector.rfc } : {}),
      ...(vector.note ? { note: vector.note } : {}),
      points: vector.points,
      input: showInput(vector.input),
      expected: showValue(vector.expected),
    });
  }
  return [...groups.values()];
}

export interface SubmissionFormState {
  code: string;
  language: SourceLanguage;
  error?: ServiceError;
}

const RECENT_SUBMISSIONS = 10;

/**
 * The exercise page: the statement, the student's assignments of the exercise (due date, time
 * left, late policy, scoring, submission limit), the submission form (filled with the starter, or
 * with what the student sent when it was refused), and the student's latest submissions.
 */
export async function renderExercisePage(
  request: FastifyRequest,
  reply: FastifyReply,
  { exercise, rowId }: PublishedExercise,
  form: SubmissionFormState,
): Promise<FastifyReply> {
  const recent = await request.server.db.submission.findMany({
    where: { userId: request.user!.id, exerciseId: rowId },
    orderBy: { createdAt: 'desc' },
    take: RECENT_SUBMISSIONS,
    select: { id: true, status: true, score: true, maxScore: true, gradable: true, filename: true, createdAt: true },
  });
  const now = new Date();
  const assignments = (await loadStudentAssignments(request.server.db, request.user!.id, { exerciseId: rowId })).map((assignment) => assignmentView(assignment, now));
  if (form.error) reply.code(form.error.statusCode);
  return reply.page('exercise', {
    title: `${exercise.title} · netgrade`,
    exercise: { slug: exercise.slug, title: exercise.title, summary: exercise.summary, maxScore: exercise.maxScore },
    statementHtml: statementHtml(exercise),
    publicTests: publicTestGroups(exercise),
    csrfToken: reply.generateCsrf(),
    form: { code: form.code, language: form.language, error: form.error?.toJSON() },
    starterFilename: exercise.starterFilename,
    // What the module must export and how the grader calls it (exercise.json's entry and callStyle).
    studentInterface: { entry: exercise.config.entry, callStyle: exercise.config.callStyle ?? 'function' },
    // The service refuses a larger body; the grader, a larger source than the exercise allows.
    sizeLimit: formatBytes(Math.min(request.server.submissionMaxBytes, exercise.limits.sourceMaxBytes)),
    scripts: [request.server.assets.url('editor')],
    recent,
    assignments,
  });
}

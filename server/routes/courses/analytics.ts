/**
 * GET /courses/:courseSlug/analytics/:exerciseSlug: how a course is doing on one assigned exercise,
 * as server-drawn SVG charts each with its numbers in a table, each downloadable as CSV
 * (.../analytics/:exerciseSlug/<chart>.csv); the same numbers as JSON under /api/. Course staff only.
 */
import { stringify } from 'csv-stringify/sync';
import type { FastifyPluginAsync } from 'fastify';
import { serviceError } from '../../errors.js';
import { loadExerciseAnalytics, type ExerciseAnalytics } from '../../gradebook/analytics-data.js';
import { neutralizeCell } from '../../gradebook/gradebook-csv.js';
import { renderBarChart } from '../../gradebook/svg-charts.js';
import { STAFF_ROLES, type CourseInRequest } from '../../plugins/course-access.js';
import { errorResponses } from '../../plugins/openapi.js';
import { exerciseAnalyticsSchema } from '../api/schemas.js';

type AnalyticsParams = { Params: { courseSlug: string; exerciseSlug: string } };

export const CHART_NAMES = ['score-distribution', 'test-pass-rates', 'attempts-until-full-score', 'submissions-over-time'] as const;
type ChartName = (typeof CHART_NAMES)[number];

/** Each chart's numbers as CSV rows, a header first. */
function chartRows(analytics: ExerciseAnalytics, chart: ChartName): (string | number | null)[][] {
  switch (chart) {
    case 'score-distribution':
      return [['score', 'students'], ...analytics.scoreDistribution.bins.map((bin) => [bin.label, bin.students]), ['no score', analytics.scoreDistribution.withoutScore]];
    case 'test-pass-rates':
      return [
        ['test', 'rfc', 'visibility', 'passed', 'total', 'pass rate'],
        ...analytics.testPassRates.map((test) => [test.name, test.rfc, test.visibility, test.passed, test.total, Math.round(test.rate * 1000) / 1000]),
      ];
    case 'attempts-until-full-score':
      return [['attempts', 'students'], ...analytics.attemptsUntilFullScore.map((bin) => [bin.label, bin.students])];
    case 'submissions-over-time':
      return [[analytics.submissionsOverTime.granularity, 'submissions'], ...analytics.submissionsOverTime.buckets.map((bucket) => [bucket.label, bucket.submissions])];
  }
}

function charts(analytics: ExerciseAnalytics, course: CourseInRequest) {
  const title = analytics.assignment.exerciseTitle;
  return {
    scores: renderBarChart({
      id: 'chart-scores',
      title: `Counted scores on ${title}`,
      description: `Number of students per band of counted score, out of ${analytics.students} students.`,
      categories: analytics.scoreDistribution.bins.map((bin) => bin.label),
      values: analytics.scoreDistribution.bins.map((bin) => bin.students),
      xName: 'Counted score (share of the points)',
      yName: 'Students',
    }),
    tests: renderBarChart({
      id: 'chart-tests',
      title: `Pass rate of each test on ${title}`,
      description: "Share of the students' counted submissions that pass each test, the most failed first.",
      categories: analytics.testPassRates.map((test) => test.name),
      values: analytics.testPassRates.map((test) => test.rate),
      xName: 'Pass rate',
      yName: '',
      horizontal: true,
      percent: true,
    }),
    attempts: renderBarChart({
      id: 'chart-attempts',
      title: `Attempts until a full score on ${title}`,
      description: 'Number of students by how many counted attempts their first full score took.',
      categories: analytics.attemptsUntilFullScore.map((bin) => bin.label),
      values: analytics.attemptsUntilFullScore.map((bin) => bin.students),
      xName: 'Attempts',
      yName: 'Students',
    }),
    time: renderBarChart({
      id: 'chart-time',
      title: `Submissions per ${analytics.submissionsOverTime.granularity} before the deadline on ${title}`,
      description: `Submissions per ${analytics.submissionsOverTime.granularity} (${course.timeZone}) up to the due date.`,
      categories: analytics.submissionsOverTime.buckets.map((bucket) => bucket.label),
      values: analytics.submissionsOverTime.buckets.map((bucket) => bucket.submissions),
      xName: analytics.submissionsOverTime.granularity === 'hour' ? 'Hour' : 'Day',
      yName: 'Submissions',
    }),
  };
}

const analyticsRoutes: FastifyPluginAsync = async (app) => {
  const staffOnly = [app.requireUser, app.requireCourseRole(STAFF_ROLES)];

  const load = async (course: CourseInRequest, exerciseSlug: string) => {
    const analytics = await loadExerciseAnalytics(app.db, course, exerciseSlug);
    if (!analytics) throw serviceError('NG_ERR_ASSIGNMENT_NOT_FOUND');
    return analytics;
  };

  app.get<AnalyticsParams>('/courses/:courseSlug/analytics/:exerciseSlug', { preHandler: staffOnly }, async (request, reply) => {
    const course = request.course!;
    const analytics = await load(course, request.params.exerciseSlug);
    const base = `/courses/${encodeURIComponent(course.slug)}/analytics/${encodeURIComponent(analytics.assignment.exerciseSlug)}`;
    return reply.page('course-analytics', {
      title: `Analytics · ${analytics.assignment.exerciseTitle} · ${course.title} · netgrade`,
      course,
      analytics,
      charts: charts(analytics, course),
      csvHref: (chart: ChartName) => `${base}/${chart}.csv`,
    });
  });

  app.get<AnalyticsParams & { Params: { chart: string } }>('/courses/:courseSlug/analytics/:exerciseSlug/:chart.csv', { preHandler: staffOnly }, async (request, reply) => {
    const chart = request.params.chart;
    if (!(CHART_NAMES as readonly string[]).includes(chart)) throw serviceError('NG_ERR_CHART_NOT_FOUND', CHART_NAMES);
    const analytics = await load(request.course!, request.params.exerciseSlug);
    const rows = chartRows(analytics, chart as ChartName).map((row) => row.map(neutralizeCell));
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${analytics.assignment.exerciseSlug}-${chart}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(`\uFEFF${stringify(rows, { record_delimiter: '\r\n' })}`);
  });

  app.get<AnalyticsParams>(
    '/api/courses/:courseSlug/analytics/:exerciseSlug',
    {
      onRequest: app.requireUser,
      preHandler: app.requireCourseRole(STAFF_ROLES),
      schema: {
        tags: ['courses'],
        summary: 'How a course is doing on one assigned exercise: scores, test pass rates, attempts, submission times (course staff)',
        params: {
          type: 'object',
          required: ['courseSlug', 'exerciseSlug'],
          properties: { courseSlug: { type: 'string', maxLength: 100 }, exerciseSlug: { type: 'string', maxLength: 100 } },
        },
        response: { 200: exerciseAnalyticsSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const analytics = await load(request.course!, request.params.exerciseSlug);
      reply.header('cache-control', 'no-store');
      return {
        course: request.course!.slug,
        exercise: analytics.assignment.exerciseSlug,
        students: analytics.students,
        scoreDistribution: analytics.scoreDistribution,
        testPassRates: analytics.testPassRates,
        attemptsUntilFullScore: analytics.attemptsUntilFullScore,
        submissionsOverTime: analytics.submissionsOverTime,
      };
    },
  );
};

export default analyticsRoutes;

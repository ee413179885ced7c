/**
 * /courses/:courseSlug/roster (instructors): import a roster CSV in two steps. The upload answers
 * with a preview (who is enrolled, who is invited, who is already in, which lines are invalid and
 * why); the preview carries the file's text in its confirm form, so nothing is stored between the
 * steps. The confirmation enrolls and invites, and lists the invitation links once, also as a CSV
 * for a mail merge: the service sends no mail.
 * /api/courses/:courseSlug/roster(/preview): the same for scripts, with the CSV in a JSON field.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { serviceError, type ServiceError } from '../../errors.js';
import { fileField, textField } from '../../form-fields.js';
import { INSTRUCTOR_ROLES } from '../../plugins/course-access.js';
import { errorResponses } from '../../plugins/openapi.js';
import { asFormError } from '../../courses/course-fields.js';
import { invitationLink } from '../../courses/course-members.js';
import { parseRoster, ROSTER_MAX_BYTES, RosterFormatError, type ParsedRoster } from '../../courses/roster-csv.js';
import { importRoster, invitationsCsv, planRoster, type RosterImportResult, type RosterPlan } from '../../courses/roster-import.js';

interface SlugParams {
  courseSlug: string;
}

function readRoster(text: string): ParsedRoster {
  if (text.trim() === '') throw serviceError('NG_ERR_ROSTER_EMPTY');
  let roster: ParsedRoster;
  try {
    roster = parseRoster(text);
  } catch (error) {
    if (error instanceof RosterFormatError) throw serviceError('NG_ERR_ROSTER_UNREADABLE', error.message);
    throw error;
  }
  if (roster.rows.length === 0 && roster.invalid.length === 0) throw serviceError('NG_ERR_ROSTER_EMPTY');
  return roster;
}

/** The uploaded file when one was chosen, else the pasted text; a BOM is left for the parser. */
function rosterText(body: unknown): string {
  const file = fileField(body, 'file');
  if (file && file.bytes.length > 0) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(file.bytes);
    return text;
  }
  return textField(body, 'csv');
}

const rowSchema = { type: 'object', required: ['line', 'name', 'email', 'studentNumber'], properties: { line: { type: 'integer' }, name: { type: 'string' }, email: { type: 'string' }, studentNumber: { type: ['string', 'null'] } } } as const;
const planProperties = {
  toEnroll: { type: 'array', items: rowSchema, description: 'Have an account; enrolled as students.' },
  toInvite: { type: 'array', items: rowSchema, description: 'Have no account; invited.' },
  alreadyMembers: { type: 'array', items: rowSchema },
  alreadyInvited: { type: 'array', items: rowSchema, description: 'Have no account and an open invitation already.' },
  invalid: { type: 'array', items: { type: 'object', required: ['line', 'reason'], properties: { line: { type: 'integer' }, reason: { type: 'string' } } } },
} as const;
const planSchema = { type: 'object', required: Object.keys(planProperties), properties: planProperties } as const;
const resultSchema = {
  type: 'object',
  required: [...Object.keys(planProperties), 'invited'],
  properties: {
    ...planProperties,
    invited: {
      type: 'array',
      description: 'The invitation links, returned only here.',
      items: { type: 'object', required: ['name', 'email', 'link'], properties: { name: { type: 'string' }, email: { type: 'string' }, link: { type: 'string' } } },
    },
  },
} as const;

const courseRosterRoutes: FastifyPluginAsync = async (app) => {
  const instructors = [app.requireUser, app.requireCourseRole(INSTRUCTOR_ROLES)];
  const linkFor = (request: FastifyRequest) => (token: string) => invitationLink(`${request.protocol}://${request.host}`, token);

  const page = async (request: FastifyRequest, reply: FastifyReply, state: { error?: ServiceError; csv?: string; plan?: RosterPlan; result?: RosterImportResult } = {}) => {
    if (state.error) reply.code(state.error.statusCode);
    const course = request.course!;
    return reply.page('course-roster', {
      title: `Roster import · ${course.title} · netgrade`,
      csrfToken: reply.generateCsrf(),
      course,
      maxKiB: Math.floor(Math.min(ROSTER_MAX_BYTES, app.submissionMaxBytes) / 1024),
      csv: state.csv ?? '',
      plan: state.plan,
      result: state.result,
      invitationsCsvHref: state.result && state.result.invited.length > 0 ? `data:text/csv;charset=utf-8,${encodeURIComponent(invitationsCsv(state.result.invited))}` : undefined,
      error: state.error?.toJSON(),
    });
  };

  app.get<{ Params: SlugParams }>('/courses/:courseSlug/roster', { preHandler: instructors }, async (request, reply) => page(request, reply));

  app.post<{ Params: SlugParams }>('/courses/:courseSlug/roster/preview', { preHandler: [...instructors, app.csrfProtection] }, async (request, reply) => {
    const csv = rosterText(request.body);
    try {
      const plan = await planRoster(app.db, request.course!.id, readRoster(csv));
      return page(request, reply, { csv, plan });
    } catch (error) {
      return page(request, reply, { error: asFormError(error) });
    }
  });

  app.post<{ Params: SlugParams }>('/courses/:courseSlug/roster', { preHandler: [...instructors, app.csrfProtection] }, async (request, reply) => {
    try {
      const result = await importRoster(app.db, request.course!, request.user!.id, readRoster(textField(request.body, 'csv')), linkFor(request));
      request.log.info({ courseId: request.course!.id, enrolled: result.toEnroll.length, invited: result.invited.length }, 'roster imported');
      return page(request, reply, { result });
    } catch (error) {
      return page(request, reply, { error: asFormError(error) });
    }
  });

  const tags = ['courses'];
  const common = {
    onRequest: app.requireUser,
    preHandler: [app.csrfUnlessToken, app.requireCourseRole(INSTRUCTOR_ROLES)],
  };
  const params = { type: 'object', required: ['courseSlug'], properties: { courseSlug: { type: 'string', maxLength: 100 } } } as const;
  const body = { type: 'object', required: ['csv'], additionalProperties: false, properties: { csv: { type: 'string', maxLength: ROSTER_MAX_BYTES, description: 'The roster: name, email, student id; a header row is recognized.' } } } as const;

  app.post<{ Params: SlugParams; Body: { csv: string } }>(
    '/api/courses/:courseSlug/roster/preview',
    { ...common, schema: { tags, summary: 'What importing a roster would do, without doing it (instructors)', params, body, response: { 200: planSchema, ...errorResponses(401, 403, 404, 422) } } },
    async (request) => planRoster(app.db, request.course!.id, readRoster(request.body.csv)),
  );

  app.post<{ Params: SlugParams; Body: { csv: string } }>(
    '/api/courses/:courseSlug/roster',
    { ...common, schema: { tags, summary: 'Import a roster: enroll students with accounts, invite the others (instructors)', params, body, response: { 200: resultSchema, ...errorResponses(401, 403, 404, 422) } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return importRoster(app.db, request.course!, request.user!.id, readRoster(request.body.csv), linkFor(request));
    },
  );
};

export default courseRosterRoutes;

/**
 * Builds the web service: third-party plugins first, then the service's own plugins (database,
 * exercises, grading, sign-in, pages), then the routes. `main.ts` listens with it; tests call
 * `app.inject` on it.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ServerConfig } from './config.js';
import { createPrismaClient } from './db/client.js';
import { SubmissionStatus, type Grader } from './grading-queue.js';
import authPlugin from './plugins/auth.js';
import courseAccessPlugin from './plugins/course-access.js';
import dbPlugin from './plugins/db.js';
import exercisesPlugin from './plugins/exercises.js';
import { registerExternalPlugins } from './plugins/external.js';
import gradingPlugin from './plugins/grading.js';
import metricsPlugin from './plugins/metrics.js';
import openApiPlugin from './plugins/openapi.js';
import assetsPlugin from './plugins/assets.js';
import pagesPlugin from './plugins/pages.js';
import regradesPlugin from './plugins/regrades.js';
import { PrismaSessionStore } from './plugins/session-store.js';
import accountRoutes from './routes/account/index.js';
import exerciseApiRoutes from './routes/api/exercises.js';
import submissionApiRoutes from './routes/api/submissions.js';
import exerciseHistoryRoutes from './routes/exercises/history.js';
import exerciseRoutes from './routes/exercises/index.js';
import exerciseStarterRoutes from './routes/exercises/starter.js';
import exercisePreviewRoutes from './routes/exercises/preview.js';
import courseAuditRoutes from './routes/courses/audit.js';
import courseAnalyticsRoutes from './routes/courses/analytics.js';
import courseGradebookRoutes from './routes/courses/gradebook.js';
import courseStudentRoutes from './routes/courses/students.js';
import courseRegradeEventRoutes from './routes/courses/regrade-events.js';
import courseRegradeRoutes from './routes/courses/regrades.js';
import rootRoutes from './routes/root.js';
import invitationRoutes from './routes/invitations/index.js';
import courseAssignmentRoutes from './routes/courses/assignments.js';
import courseExtensionRoutes from './routes/courses/extensions.js';
import courseMemberRoutes from './routes/courses/members.js';
import courseRosterRoutes from './routes/courses/roster.js';
import courseSettingsRoutes from './routes/courses/settings.js';
import coursesRoutes from './routes/courses/index.js';
import courseHomeRoutes from './routes/courses/home.js';
import coursesAssignmentsApiRoutes from './routes/api/courses-assignments.js';
import signInRoutes from './routes/sign-in.js';
import signUpRoutes from './routes/sign-up.js';
import admissionPlugin from './submission-admission.js';
import submissionDiffRoutes from './routes/submissions/diff.js';
import submissionEventRoutes from './routes/submissions/events.js';
import submissionRoutes from './routes/submissions/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The largest submission the service accepts (config.submissionMaxBytes), for pages that state it. */
    submissionMaxBytes: number;
  }
}

export interface BuildAppOptions {
  config: ServerConfig;
  /** Fastify's logger setting; defaults to the configured level. */
  logger?: FastifyServerOptions['logger'];
  /** Replaces the grading worker pool (tests). */
  grader?: Grader;
}

/** The API's version in its OpenAPI description: the package version. */
const SERVICE_VERSION = '0.1.0';
const SESSION_PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export async function buildApp({ config, logger, grader }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    // Submission ids are cuids; a longer parameter is never one of ours.
    routerOptions: { maxParamLength: 100 },
    trustProxy: false,
  });

  // The session store needs the database before the service's own plugins are registered.
  const db = createPrismaClient(config.databaseFile);
  const sessionStore = new PrismaSessionStore(db);
  try {
    await registerExternalPlugins(app, { config, sessionStore });

    await app.register(dbPlugin, { client: db });
    await app.register(metricsPlugin, { sources: { queueDepth: () => db.submission.count({ where: { status: { in: [SubmissionStatus.queued, SubmissionStatus.grading] } } }) } });
    await app.register(exercisesPlugin, { exercisesDir: config.exercisesDir });
    await app.register(gradingPlugin, { exercisesDir: config.exercisesDir, workers: config.gradingWorkers, redisUrl: config.redisUrl, ...(grader ? { grader } : {}) });
    await app.register(admissionPlugin, { queueLimit: config.queueLimit });
    await app.register(authPlugin);
    await app.register(courseAccessPlugin);
    await app.register(regradesPlugin, { workers: config.gradingWorkers });
    await app.register(pagesPlugin, { submissionMaxBytes: config.submissionMaxBytes });
    await app.register(assetsPlugin);
    app.decorate('submissionMaxBytes', config.submissionMaxBytes);
    // Before the routes: it describes each API route as the route is added.
    await app.register(openApiPlugin, { version: SERVICE_VERSION });

    await app.register(rootRoutes);
    await app.register(signInRoutes, { attemptsPerMinute: config.signInAttemptsPerMinute });
    await app.register(exerciseRoutes, { submissionMaxBytes: config.submissionMaxBytes });
    await app.register(submissionRoutes, { pendingWaitMs: config.pendingWaitMs });
    await app.register(submissionEventRoutes);
    await app.register(submissionDiffRoutes);
    await app.register(exerciseHistoryRoutes);
    await app.register(exerciseStarterRoutes);
    await app.register(exercisePreviewRoutes);
    await app.register(courseRegradeRoutes);
    await app.register(courseRegradeEventRoutes);
    await app.register(courseAuditRoutes);
    await app.register(courseGradebookRoutes);
    await app.register(courseStudentRoutes);
    await app.register(courseAnalyticsRoutes);
    await app.register(signUpRoutes, { attemptsPerMinute: config.signInAttemptsPerMinute });
    await app.register(invitationRoutes, { attemptsPerMinute: config.signInAttemptsPerMinute });
    await app.register(accountRoutes, { attemptsPerMinute: config.signInAttemptsPerMinute });
    await app.register(coursesRoutes);
    await app.register(courseHomeRoutes);
    await app.register(coursesAssignmentsApiRoutes);
    await app.register(courseSettingsRoutes);
    await app.register(courseMemberRoutes);
    await app.register(courseRosterRoutes);
    await app.register(courseAssignmentRoutes);
    await app.register(courseExtensionRoutes);
    await app.register(submissionApiRoutes);
    await app.register(exerciseApiRoutes, { submissionMaxBytes: config.submissionMaxBytes });

    let pruning: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      await sessionStore.prune();
      pruning = setInterval(() => {
        sessionStore.prune().catch((error: unknown) => app.log.warn({ err: error }, 'expired sessions could not be deleted'));
      }, SESSION_PRUNE_INTERVAL_MS);
      pruning.unref();
    });
    app.addHook('onClose', async () => clearInterval(pruning));

    await app.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    await db.$disconnect().catch(() => undefined);
    throw error;
  }

  return app;
}

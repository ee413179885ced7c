import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { loadExerciseCatalog } from '../../harness/exercises/catalog.js';
import type { Exercise } from '../../harness/exercises/types.js';
import type { PrismaClient } from '../db/generated/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    exercises: ExerciseCatalog;
  }
}

export interface PublishedExercise {
  exercise: Exercise;
  /** The id of the exercise's row in the database. */
  rowId: string;
}

/** The exercises loaded from `exercises/` at start, each paired with its database row. */
export class ExerciseCatalog {
  private readonly bySlug: Map<string, PublishedExercise>;

  constructor(published: PublishedExercise[]) {
    this.bySlug = new Map(published.map((entry) => [entry.exercise.slug, entry]));
  }

  /** Sorted by slug. */
  all(): Exercise[] {
    return [...this.bySlug.values()].map((entry) => entry.exercise);
  }

  find(slug: string): PublishedExercise | undefined {
    return this.bySlug.get(slug);
  }
}

/**
 * Keeps one Exercise row per exercise folder, with its current title and content hash. Rows of
 * exercises that left the folder stay: their submissions still refer to them.
 */
export async function syncExerciseRows(db: PrismaClient, exercises: Exercise[]): Promise<PublishedExercise[]> {
  const published: PublishedExercise[] = [];
  for (const exercise of exercises) {
    const fields = { title: exercise.title, contentHash: exercise.contentHash };
    const row = await db.exercise.upsert({ where: { slug: exercise.slug }, create: { slug: exercise.slug, ...fields }, update: fields });
    published.push({ exercise, rowId: row.id });
  }
  return published;
}

export interface ExercisesPluginOptions {
  exercisesDir: string;
}

const exercisesPlugin: FastifyPluginAsync<ExercisesPluginOptions> = async (app, { exercisesDir }) => {
  const exercises = await loadExerciseCatalog(exercisesDir);
  const published = await syncExerciseRows(app.db, exercises);
  app.decorate('exercises', new ExerciseCatalog(published));
  app.log.info({ exercises: exercises.map((exercise) => exercise.slug) }, 'exercises loaded');
};

export default fp(exercisesPlugin, { name: 'exercises', fastify: '5.x', dependencies: ['db'] });

/** Courses and API tokens created straight in a test app's database. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createApiToken } from '../../server/api-tokens.js';

export interface TestCourse {
  id: string;
  title: string;
  enrollmentCode: string;
}

let courseCounter = 0;

export async function createCourse(app: FastifyInstance, fields: Partial<Omit<TestCourse, 'id'>> = {}): Promise<TestCourse> {
  courseCounter += 1;
  const title = fields.title ?? `Networks ${courseCounter}`;
  const enrollmentCode = fields.enrollmentCode ?? randomBytes(6).toString('hex').toUpperCase();
  const course = await app.db.course.create({ data: { slug: `course-${courseCounter}-${randomBytes(3).toString('hex')}`, title, enrollmentCode } });
  return { id: course.id, title, enrollmentCode };
}

/** A new API token of the user; returns the raw token. */
export async function createTokenFor(app: FastifyInstance, userId: string, name = 'test'): Promise<string> {
  return (await createApiToken(app.db, userId, name)).token;
}

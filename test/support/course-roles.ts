/**
 * A course with one member of each role, a signed-in stranger, and a second course with its own
 * instructor, for tests of who may see and change what under /courses/:courseSlug/.
 */
import type { FastifyInstance } from 'fastify';
import type { CourseRole } from '../../server/plugins/course-access.js';
import { createCourse } from './accounts.js';
import { InjectBrowser } from './inject-browser.js';
import { createUser, type TestUser } from './test-app.js';

export interface RoleCourse {
  id: string;
  slug: string;
  title: string;
}

export interface CourseWithRoles {
  course: RoleCourse;
  instructor: TestUser;
  ta: TestUser;
  student: TestUser;
  /** Signed up, in no course. */
  outsider: TestUser;
  otherCourse: RoleCourse;
  /** Instructor of otherCourse only. */
  otherInstructor: TestUser;
}

export async function enroll(app: FastifyInstance, user: TestUser, courseId: string, role: CourseRole, studentNumber: string | null = null): Promise<void> {
  await app.db.enrollment.create({ data: { userId: user.id, courseId, role, studentNumber } });
  if (role === 'instructor') await app.db.user.update({ where: { id: user.id }, data: { role: 'instructor' } });
}

async function courseRow(app: FastifyInstance, title?: string): Promise<RoleCourse> {
  const created = await createCourse(app, title ? { title } : {});
  const row = await app.db.course.findUniqueOrThrow({ where: { id: created.id } });
  return { id: row.id, slug: row.slug, title: row.title };
}

export async function courseWithRoles(app: FastifyInstance): Promise<CourseWithRoles> {
  const course = await courseRow(app);
  const otherCourse = await courseRow(app);
  const [instructor, ta, student, outsider, otherInstructor] = await Promise.all([
    createUser(app, { name: 'Irene Instructor' }),
    createUser(app, { name: 'Tomas Assistant' }),
    createUser(app, { name: 'Sara Student' }),
    createUser(app, { name: 'Oscar Outsider' }),
    createUser(app, { name: 'Olga Other' }),
  ]);
  await enroll(app, instructor, course.id, 'instructor');
  await enroll(app, ta, course.id, 'ta');
  await enroll(app, student, course.id, 'student', 'S-001');
  await enroll(app, otherInstructor, otherCourse.id, 'instructor');
  return { course, instructor, ta, student, outsider, otherCourse, otherInstructor };
}

/** A browser signed in as the user. */
export async function signedIn(app: FastifyInstance, user: TestUser): Promise<InjectBrowser> {
  const browser = new InjectBrowser(app);
  const response = await browser.signIn(user.email, user.password);
  if (response.statusCode !== 303) throw new Error(`sign-in failed for ${user.email}: ${response.statusCode}`);
  return browser;
}

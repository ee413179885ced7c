/**
 * What the web service and `netgrade worker` agree on when grading goes through Redis: the
 * BullMQ queue's name, the job ids, the connection, and the job's payload (a GradeJob as is).
 */
import type { ConnectionOptions } from 'bullmq';

export const GRADING_QUEUE_NAME = 'netgrade-grading';
export const GRADE_JOB_NAME = 'grade';

/**
 * Finished jobs stay in Redis this long, so a service that restarts while a job runs still finds
 * its result when it adds the same job id again (adding an existing id does nothing).
 */
export const FINISHED_JOB_RETENTION_SECONDS = 7 * 24 * 60 * 60;

/**
 * BullMQ job id of one grading. BullMQ refuses ids holding ':' or that are plain integers, so
 * the prefix is joined with '-'. Adding a job whose id exists is a no-op: a resubmission of the
 * same grading after a restart waits for the job already there instead of grading twice.
 */
export function gradingJobId(gradingKey: string): string {
  return `grading-${gradingKey.replaceAll(':', '-')}`;
}

/**
 * BullMQ's connection option for a REDIS_URL. BullMQ opens its own ioredis connections from it
 * (one per queue, worker and event listener) and makes the blocking ones retry forever.
 */
export function redisConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl } as ConnectionOptions;
}

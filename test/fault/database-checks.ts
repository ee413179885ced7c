/**
 * What the fault tests check in the database file itself, read with SQLite directly (a second
 * connection, as an operator's `sqlite3` would) rather than through the server that may be dead.
 */
import Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SubmissionRecord {
  status: string;
  /** Grading rows written for it: exactly one for a submission graded once. */
  gradings: number;
  errorCode: string | null;
}

function open<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return read(db);
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check`: "ok", or the problems SQLite found. Opening the file replays its WAL. */
export function integrityCheck(file: string): string {
  const db = new Database(file, { fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check).join('\n');
  } finally {
    db.close();
  }
}

export function unfinishedCount(file: string): number {
  return open(file, (db) => (db.prepare(`SELECT count(*) AS n FROM "Submission" WHERE status IN ('queued', 'grading')`).get() as { n: number }).n);
}

/** Waits until no submission is queued or grading; throws with the count left after `timeoutMs`. */
export async function waitUntilDrained(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let left = unfinishedCount(file);
  while (left > 0) {
    if (Date.now() > deadline) throw new Error(`${left} submissions still unfinished after ${timeoutMs} ms`);
    await sleep(250);
    left = unfinishedCount(file);
  }
}

/** Every stored submission by id, with its status and how many gradings were recorded for it. */
export function submissionRecords(file: string): Map<string, SubmissionRecord> {
  return open(file, (db) => {
    const rows = db
      .prepare(
        `SELECT s.id AS id, s.status AS status, s.resultJson AS resultJson,
                (SELECT count(*) FROM "Grading" g WHERE g.submissionId = s.id) AS gradings
           FROM "Submission" s`,
      )
      .all() as { id: string; status: string; resultJson: string | null; gradings: number }[];
    return new Map(
      rows.map((row) => [
        row.id,
        { status: row.status, gradings: row.gradings, errorCode: row.resultJson ? ((JSON.parse(row.resultJson) as { error?: { code?: string } }).error?.code ?? null) : null },
      ]),
    );
  });
}

/**
 * Names the versions of an exercise so staff can tell which one a grading used. An exercise's
 * version is its contentHash; a person reads "v3 · 1a2b3c4" instead: versions are numbered in the
 * order they were first used by a grading, and the current version, if nothing has used it yet,
 * takes the next number.
 */
import type { PrismaClient } from '../db/generated/client.js';

/** Hex digits of the hash shown in a label: enough to tell versions apart at a glance. */
const SHORT_HASH_LENGTH = 7;

export interface ExerciseVersions {
  currentHash: string;
  /** Label of every hash seen in a grading of the exercise, and of the current one. */
  labels: ReadonlyMap<string, string>;
  /** The label of `hash`; a hash no grading used (or null) gets its short form only. */
  label(hash: string | null): string;
  isCurrent(hash: string | null): boolean;
}

export function versionLabel(number: number, hash: string): string {
  return `v${number} · ${hash.slice(0, SHORT_HASH_LENGTH)}`;
}

/** Builds the labels from each hash's first use (oldest first) and the current hash. */
export function labelVersions(currentHash: string, firstUses: { hash: string; firstUsedAt: Date }[]): ExerciseVersions {
  const ordered = [...firstUses].sort((a, b) => a.firstUsedAt.getTime() - b.firstUsedAt.getTime() || a.hash.localeCompare(b.hash));
  const labels = new Map<string, string>();
  for (const { hash } of ordered) if (!labels.has(hash)) labels.set(hash, versionLabel(labels.size + 1, hash));
  if (!labels.has(currentHash)) labels.set(currentHash, versionLabel(labels.size + 1, currentHash));
  return {
    currentHash,
    labels,
    label: (hash) => (hash === null ? 'unknown version' : (labels.get(hash) ?? hash.slice(0, SHORT_HASH_LENGTH))),
    isCurrent: (hash) => hash === currentHash,
  };
}

/** The versions of the exercise whose row id is `exerciseId`, from every Grading of its submissions. */
export async function exerciseVersions(db: PrismaClient, exerciseId: string): Promise<ExerciseVersions> {
  const exercise = await db.exercise.findUniqueOrThrow({ where: { id: exerciseId }, select: { contentHash: true } });
  const groups = await db.grading.groupBy({
    by: ['exerciseHash'],
    where: { submission: { exerciseId } },
    _min: { createdAt: true },
  });
  const firstUses = groups.map((group) => ({ hash: group.exerciseHash, firstUsedAt: group._min.createdAt ?? new Date(0) }));
  return labelVersions(exercise.contentHash, firstUses);
}

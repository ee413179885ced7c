import { describe, expect, it } from 'vitest';
import { labelVersions } from '../../../server/regrades/exercise-versions.js';

const hash = (digit: string) => digit.repeat(64);

describe('labelVersions', () => {
  it('numbers versions by their first use and shows the first seven hex digits', () => {
    const versions = labelVersions(hash('c'), [
      { hash: hash('b'), firstUsedAt: new Date('2026-03-01T00:00:00Z') },
      { hash: hash('a'), firstUsedAt: new Date('2026-01-01T00:00:00Z') },
      { hash: hash('c'), firstUsedAt: new Date('2026-05-01T00:00:00Z') },
    ]);
    expect(versions.label(hash('a'))).toBe('v1 · aaaaaaa');
    expect(versions.label(hash('b'))).toBe('v2 · bbbbbbb');
    expect(versions.label(hash('c'))).toBe('v3 · ccccccc');
    expect(versions.isCurrent(hash('c'))).toBe(true);
    expect(versions.isCurrent(hash('a'))).toBe(false);
  });

  it('gives the current version the next number when no grading used it yet', () => {
    const versions = labelVersions(hash('d'), [{ hash: hash('a'), firstUsedAt: new Date('2026-01-01T00:00:00Z') }]);
    expect(versions.label(hash('d'))).toBe('v2 · ddddddd');
    expect([...versions.labels.keys()]).toEqual([hash('a'), hash('d')]);
  });

  it('names a missing hash and shortens one it has never seen', () => {
    const versions = labelVersions(hash('a'), []);
    expect(versions.label(null)).toBe('unknown version');
    expect(versions.label(hash('e'))).toBe('eeeeeee');
  });
});

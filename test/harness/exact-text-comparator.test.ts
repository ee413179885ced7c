import { describe, expect, it } from 'vitest';
import { compareExactText } from '../../harness/comparators/exact-text.js';

describe('compareExactText', () => {
  it('accepts the same text', () => {
    expect(compareExactText('HELLO\n', 'HELLO\n')).toEqual({ equal: true });
  });

  it('points at the first character that differs', () => {
    expect(compareExactText('HELLO WORLD', 'HELLO world')).toEqual({ equal: false, firstDifference: '[6]' });
  });

  it('points past the shorter text when one is a prefix of the other', () => {
    expect(compareExactText('HELLO', 'HELLO\n')).toEqual({ equal: false, firstDifference: '[5]' });
  });

  it('rejects an answer that is not text', () => {
    expect(compareExactText('1', 1)).toEqual({ equal: false, firstDifference: '' });
  });
});

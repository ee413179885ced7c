import { describe, expect, it } from 'vitest';
import { mutantBug } from '../../../server/regrades/exercise-preview.js';

describe('mutantBug', () => {
  it('reads the leading doc comment without the "Mutant:" prefix, joined on one line', () => {
    const source = '/**\n * Mutant: Splits the head on "\\n" only,\n * so bare LF line ends pass (RFC 9112 §2.2).\n */\nexport const x = 1;\n';
    expect(mutantBug(source)).toBe('Splits the head on "\\n" only, so bare LF line ends pass (RFC 9112 §2.2).');
  });

  it('gives nothing when the file does not start with a doc comment', () => {
    expect(mutantBug('export const x = 1; /** late */')).toBeUndefined();
  });
});

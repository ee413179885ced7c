import { describe, expect, it } from 'vitest';
import { neutralizeCell } from '../../../server/gradebook/gradebook-csv.js';

describe('neutralizeCell', () => {
  it.each(['=SUM(A1:A2)', '+1', '-1+2', '@cmd', '\tx', '\rx'])('writes %j as text with a leading apostrophe', (value) => {
    expect(neutralizeCell(value)).toBe(`'${value}`);
  });

  it('keeps ordinary text, empty cells and numbers as they are', () => {
    expect(neutralizeCell('Ada Lovelace')).toBe('Ada Lovelace');
    expect(neutralizeCell('José Ñúñez')).toBe('José Ñúñez');
    expect(neutralizeCell(null)).toBe('');
    expect(neutralizeCell(-2.5)).toBe('-2.5');
  });
});

import { describe, expect, it } from 'vitest';
import { parseRoster, ROSTER_MAX_BYTES, RosterFormatError } from '../../../server/courses/roster-csv.js';

describe('parseRoster', () => {
  it('reads a header row named Name, Email, Student ID and the rows under it, with their line numbers', () => {
    const roster = parseRoster('Name,Email,Student ID\nAda Lovelace,ada@example.org,S1\nAlan Turing,alan@example.org,S2\n');
    expect(roster.hasHeader).toBe(true);
    expect(roster.rows).toEqual([
      { line: 2, name: 'Ada Lovelace', email: 'ada@example.org', studentNumber: 'S1' },
      { line: 3, name: 'Alan Turing', email: 'alan@example.org', studentNumber: 'S2' },
    ]);
    expect(roster.invalid).toEqual([]);
  });

  it('drops a UTF-8 byte order mark and reads CRLF line ends', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name,Email,id\r\nÉmilie du Châtelet,emilie@example.org,7\r\n')]);
    expect(parseRoster(bytes).rows).toEqual([{ line: 2, name: 'Émilie du Châtelet', email: 'emilie@example.org', studentNumber: '7' }]);
  });

  it('finds columns by name in any order, with LMS names like "SIS User ID" and separate first and last names', () => {
    const roster = parseRoster('SIS User ID;Last Name;First Name;E-mail Address\n42;Hopper;Grace;GRACE@Example.org\n');
    expect(roster.rows).toEqual([{ line: 2, name: 'Grace Hopper', email: 'grace@example.org', studentNumber: '42' }]);
  });

  it('reads a file without a header as name, email, student id, the student id optional', () => {
    const roster = parseRoster('Ada,ada@example.org,1\nBob,bob@example.org\n');
    expect(roster.hasHeader).toBe(false);
    expect(roster.rows.map((row) => [row.line, row.studentNumber])).toEqual([
      [1, '1'],
      [2, null],
    ]);
  });

  it('reports rows without an email, with a bad email, without a name, or repeating an address, with line and reason', () => {
    const roster = parseRoster(['name,email,student id', 'No Mail,,1', 'Bad,not-an-address,2', ',anon@example.org,3', 'Ada,ada@example.org,4', 'Ada Again,ADA@example.org,5'].join('\n'));
    expect(roster.rows.map((row) => row.email)).toEqual(['ada@example.org']);
    expect(roster.invalid).toEqual([
      { line: 2, reason: 'no email address' },
      { line: 3, reason: '"not-an-address" is not an email address' },
      { line: 4, reason: 'no name' },
      { line: 6, reason: 'ada@example.org is already on line 5' },
    ]);
  });

  it('counts the lines of a quoted field that spans lines, and skips blank lines', () => {
    const roster = parseRoster('name,email\n"Ada\nLovelace",ada@example.org\n\n\nBob,bob@example.org\n');
    expect(roster.rows).toEqual([
      { line: 2, name: 'Ada Lovelace', email: 'ada@example.org', studentNumber: null },
      { line: 6, name: 'Bob', email: 'bob@example.org', studentNumber: null },
    ]);
  });

  it('refuses text that is not CSV, and a file over the size limit', () => {
    expect(() => parseRoster('name,email\n"Ada,ada@example.org\n')).toThrow(RosterFormatError);
    expect(() => parseRoster(`name,email\n${'x'.repeat(ROSTER_MAX_BYTES)}`)).toThrow(/larger than/);
  });
});

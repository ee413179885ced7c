/**
 * Reads a roster exported from a student information system or an LMS: one student per row with
 * a name, an email address and a student id. Exports differ in their header names ("Student ID",
 * "SIS User ID", "id"), in a UTF-8 byte order mark, in separate first and last name columns and in
 * trailing empty lines; all of those are read. A file without a header row is read as
 * name, email, student id. Rows that cannot be used are reported with their line number and why,
 * rather than stopping the import.
 */
import { parse } from 'csv-parse/sync';
import { cleanEmail, NAME_MAX_CHARS } from '../account-fields.js';

/** A roster this large has thousands of students; anything larger is not a roster. */
export const ROSTER_MAX_BYTES = 256 * 1024;
export const STUDENT_NUMBER_MAX_CHARS = 64;

export interface RosterRow {
  /** The line of the file the row starts on, counting from 1. */
  line: number;
  name: string;
  email: string;
  studentNumber: string | null;
}

export interface InvalidRosterRow {
  line: number;
  reason: string;
}

export interface ParsedRoster {
  rows: RosterRow[];
  invalid: InvalidRosterRow[];
  /** Whether the first row was taken as a header. */
  hasHeader: boolean;
}

export class RosterFormatError extends Error {}

type Column = 'name' | 'firstName' | 'lastName' | 'email' | 'studentNumber';

/** Header names compared without case, spaces or punctuation: "E-mail Address" is "emailaddress". */
const HEADER_NAMES: Record<Column, readonly string[]> = {
  name: ['name', 'fullname', 'studentname', 'student', 'displayname', 'sortablename'],
  firstName: ['firstname', 'givenname', 'forename', 'first'],
  lastName: ['lastname', 'surname', 'familyname', 'last'],
  email: ['email', 'emailaddress', 'mail', 'emailid', 'studentemail', 'loginemail'],
  studentNumber: ['studentid', 'studentnumber', 'studentno', 'sisuserid', 'sisid', 'id', 'idnumber', 'matriculationnumber', 'userid', 'registrationnumber'],
};

function headerKey(cell: string): string {
  return cell.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function columnOf(cell: string): Column | undefined {
  const key = headerKey(cell);
  return (Object.keys(HEADER_NAMES) as Column[]).find((column) => HEADER_NAMES[column].includes(key));
}

/** Where each column is; a header is recognized by naming an email column. */
function headerColumns(cells: string[]): Partial<Record<Column, number>> | null {
  const columns: Partial<Record<Column, number>> = {};
  cells.forEach((cell, index) => {
    const column = columnOf(cell);
    if (column && columns[column] === undefined) columns[column] = index;
  });
  return columns.email === undefined ? null : columns;
}

const POSITIONAL: Partial<Record<Column, number>> = { name: 0, email: 1, studentNumber: 2 };

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

function cell(cells: string[], index: number | undefined): string {
  return index === undefined ? '' : (cells[index] ?? '').replace(CONTROL_CHARACTERS, ' ').trim();
}

function rowFrom(cells: string[], columns: Partial<Record<Column, number>>, line: number): RosterRow | InvalidRosterRow {
  const given = cell(cells, columns.firstName);
  const family = cell(cells, columns.lastName);
  const name = cell(cells, columns.name) || [given, family].filter(Boolean).join(' ');
  const rawEmail = cell(cells, columns.email);
  const studentNumber = cell(cells, columns.studentNumber);
  if (rawEmail === '') return { line, reason: 'no email address' };
  const email = cleanEmail(rawEmail);
  if (typeof email !== 'string') return { line, reason: `"${rawEmail}" is not an email address` };
  if (name === '') return { line, reason: 'no name' };
  if (name.length > NAME_MAX_CHARS) return { line, reason: `the name is longer than ${NAME_MAX_CHARS} characters` };
  if (studentNumber.length > STUDENT_NUMBER_MAX_CHARS) return { line, reason: `the student id is longer than ${STUDENT_NUMBER_MAX_CHARS} characters` };
  return { line, name, email, studentNumber: studentNumber === '' ? null : studentNumber };
}

/**
 * Parses a roster. Throws RosterFormatError when the text is not CSV at all (an unclosed quote)
 * or is larger than ROSTER_MAX_BYTES; a row that repeats an earlier row's email is invalid.
 */
export function parseRoster(input: string | Buffer): ParsedRoster {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (bytes > ROSTER_MAX_BYTES) throw new RosterFormatError(`the file is larger than ${ROSTER_MAX_BYTES / 1024} KiB`);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(input, { bom: true, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, delimiter: [',', ';', '\t'] }) as unknown as typeof records;
  } catch (error) {
    throw new RosterFormatError(`it is not a CSV file (${(error as Error).message.replace(/^Invalid .*?: /, '')})`);
  }

  const meaningful = records.filter(({ record }) => record.some((value) => value.trim() !== ''));
  const header = meaningful[0] ? headerColumns(meaningful[0].record) : null;
  const columns = header ?? POSITIONAL;
  const dataRecords = header ? meaningful.slice(1) : meaningful;

  const rows: RosterRow[] = [];
  const invalid: InvalidRosterRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { record, info } of dataRecords) {
    // info.lines is the line the record ends on; a quoted field may span lines, so count back.
    const line = info.lines - record.join(',').split(/\r\n|\r|\n/).length + 1;
    const row = rowFrom(record, columns, line);
    if ('reason' in row) {
      invalid.push(row);
      continue;
    }
    const earlier = firstLineOf.get(row.email);
    if (earlier !== undefined) {
      invalid.push({ line, reason: `${row.email} is already on line ${earlier}` });
      continue;
    }
    firstLineOf.set(row.email, line);
    rows.push(row);
  }
  return { rows, invalid, hasHeader: header !== null };
}

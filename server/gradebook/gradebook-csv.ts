/**
 * The gradebook as a CSV file that a learning management system imports.
 *
 * Canvas (Grades › Import): the first columns are Student, ID, SIS User ID, SIS Login ID and
 * Section; Canvas matches a row on ID, SIS User ID or SIS Login ID, so the student number goes in
 * SIS User ID and the email address in SIS Login ID, and ID (Canvas's own user id, unknown here)
 * stays empty. Each further column is an assignment, named "<title> (<slug>)"; the second row,
 * "Points Possible", gives each one's maximum. A column Canvas does not know becomes a new
 * assignment, so no total column is written.
 *
 * Moodle (Grades › Import › CSV file): the importer maps one identifier column onto a user field
 * ("Email address" or "ID number") and each other column onto a grade item, chosen on import.
 *
 * An empty cell means nothing counts yet: both systems leave the grade as it is rather than
 * setting a zero. Cells starting with = + - @ (or a tab or carriage return) would run as formulas
 * in a spreadsheet, so they get a leading apostrophe (OWASP "CSV injection").
 */
import { stringify } from 'csv-stringify/sync';
import type { Gradebook } from './gradebook-rows.js';

export type GradebookCsvFormat = 'canvas' | 'moodle';
export const GRADEBOOK_CSV_FORMATS: readonly GradebookCsvFormat[] = ['canvas', 'moodle'];

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet will show as text, never evaluate. Numbers are written as they are. */
export function neutralizeCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function assignmentColumn(title: string, slug: string): string {
  return `${title} (${slug})`;
}

function toCsv(rows: (string | number | null)[][]): string {
  // A byte order mark lets spreadsheet programs read the file as UTF-8 (names with accents).
  return `\uFEFF${stringify(rows.map((row) => row.map(neutralizeCell)), { record_delimiter: '\r\n' })}`;
}

export function canvasCsv(gradebook: Gradebook, section: string): string {
  const header = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', ...gradebook.assignments.map((a) => assignmentColumn(a.exerciseTitle, a.exerciseSlug))];
  const pointsPossible = ['Points Possible', '', '', '', '', ...gradebook.assignments.map((a) => a.rules.points)];
  const students = gradebook.students.map((student) => [
    student.name,
    '',
    student.studentNumber ?? '',
    student.email,
    section,
    ...student.cells.map((cell) => cell.score.points),
  ]);
  return toCsv([header, pointsPossible, ...students]);
}

export function moodleCsv(gradebook: Gradebook): string {
  const header = ['Full name', 'ID number', 'Email address', ...gradebook.assignments.map((a) => assignmentColumn(a.exerciseTitle, a.exerciseSlug))];
  const students = gradebook.students.map((student) => [student.name, student.studentNumber ?? '', student.email, ...student.cells.map((cell) => cell.score.points)]);
  return toCsv([header, ...students]);
}

export function gradebookCsv(gradebook: Gradebook, format: GradebookCsvFormat, section: string): string {
  return format === 'canvas' ? canvasCsv(gradebook, section) : moodleCsv(gradebook);
}

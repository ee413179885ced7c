/**
 * Sorting and filtering the gradebook through query parameters, so that every view is a plain
 * link (no JavaScript): `sort` (name, student-number, total, or `assignment:<exercise slug>`),
 * `order` (asc, desc), `q` (part of a name or email) and `assignment` + `status`
 * (not-started, attempted, passed) to keep the students in one state on one assignment.
 */
import type { AssignmentStatus } from '../grades/counted-score.js';
import type { Gradebook, GradebookStudent } from './gradebook-rows.js';

export type SortOrder = 'asc' | 'desc';

export interface GradebookQuery {
  sort: string;
  order: SortOrder;
  search: string;
  /** Exercise slug of the assignment the status filter applies to. */
  filterAssignment: string | null;
  filterStatus: AssignmentStatus | null;
}

export const ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['not-started', 'attempted', 'passed'];
const FIXED_SORTS = ['name', 'student-number', 'total'];
const SEARCH_MAX_CHARS = 200;

function single(value: unknown): string {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' ? value : '';
}

/** Reads the query; anything unknown falls back to the default (by name, ascending, no filter). */
export function parseGradebookQuery(raw: unknown, gradebook: Gradebook): GradebookQuery {
  const params = (raw ?? {}) as Record<string, unknown>;
  const slugs = new Set(gradebook.assignments.map((assignment) => assignment.exerciseSlug));
  const sort = single(params.sort);
  const validSort = FIXED_SORTS.includes(sort) || (sort.startsWith('assignment:') && slugs.has(sort.slice('assignment:'.length)));
  const filterAssignment = single(params.assignment);
  const filterStatus = single(params.status);
  const hasFilter = slugs.has(filterAssignment) && (ASSIGNMENT_STATUSES as readonly string[]).includes(filterStatus);
  return {
    sort: validSort ? sort : 'name',
    order: single(params.order) === 'desc' ? 'desc' : 'asc',
    search: single(params.q).trim().slice(0, SEARCH_MAX_CHARS),
    filterAssignment: hasFilter ? filterAssignment : null,
    filterStatus: hasFilter ? (filterStatus as AssignmentStatus) : null,
  };
}

type SortKey = string | number | null;

function sortKey(gradebook: Gradebook, student: GradebookStudent, sort: string): SortKey {
  if (sort === 'name') return student.name.toLocaleLowerCase('en');
  if (sort === 'student-number') return student.studentNumber;
  if (sort === 'total') return student.total;
  const slug = sort.slice('assignment:'.length);
  const index = gradebook.assignments.findIndex((assignment) => assignment.exerciseSlug === slug);
  return student.cells[index]?.score.points ?? null;
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

/** The students to show, filtered then sorted; students without a value sort last either way. */
export function applyGradebookQuery(gradebook: Gradebook, query: GradebookQuery): GradebookStudent[] {
  const needle = query.search.toLocaleLowerCase('en');
  const filterIndex = gradebook.assignments.findIndex((assignment) => assignment.exerciseSlug === query.filterAssignment);
  const shown = gradebook.students.filter((student) => {
    if (needle && !student.name.toLocaleLowerCase('en').includes(needle) && !student.email.toLocaleLowerCase('en').includes(needle)) return false;
    if (filterIndex >= 0 && student.cells[filterIndex]?.score.status !== query.filterStatus) return false;
    return true;
  });
  const direction = query.order === 'desc' ? -1 : 1;
  return shown
    .map((student) => ({ student, key: sortKey(gradebook, student, query.sort) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? 1 : -1;
      // Ties keep a stable, readable order: by name.
      return direction * compareKeys(a.key, b.key) || a.student.name.localeCompare(b.student.name, 'en');
    })
    .map(({ student }) => student);
}

/** The query string of the current view with some parameters changed (empty values dropped). */
export function gradebookHref(base: string, query: GradebookQuery, changes: Partial<Record<'sort' | 'order' | 'q' | 'assignment' | 'status', string>>): string {
  const params = new URLSearchParams();
  const values: Record<string, string> = {
    sort: query.sort,
    order: query.order,
    q: query.search,
    assignment: query.filterAssignment ?? '',
    status: query.filterStatus ?? '',
    ...changes,
  };
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

/** The link of a column heading: sorts by it, or flips the order when it already sorts. */
export function sortHref(base: string, query: GradebookQuery, sort: string): string {
  const order = query.sort === sort && query.order === 'asc' ? 'desc' : 'asc';
  return gradebookHref(base, query, { sort, order });
}

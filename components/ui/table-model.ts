/**
 * The logic of Table, pure so it runs the same in a server page (sorting and paging a loaded list
 * from the query string), in a client component (useTableState), and in unit tests.
 */

export type SortDirection = 'asc' | 'desc';
export type SortState = { key: string; direction: SortDirection };
export type SortValue = string | number | boolean | Date | null | undefined;

/** Clicking a column's header: the same column flips, another starts at its first direction. */
export function nextSort(current: SortState | null, key: string, first: SortDirection = 'asc'): SortState {
  if (current?.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: first };
}

export function ariaSort(sort: SortState | null, key: string): 'ascending' | 'descending' | 'none' {
  if (sort?.key !== key) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}

/**
 * Rows ordered by one column, stable (equal values keep the order the list came in), empty values
 * last in both directions, text compared the way the locale reads it (accents, numbers in names).
 */
export function sortRows<Row>({
  rows,
  sort,
  valueFor,
  locale,
}: {
  rows: readonly Row[];
  sort: SortState | null;
  valueFor: (row: Row, key: string) => SortValue;
  locale: string;
}): Row[] {
  if (!sort) return [...rows];
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const sign = sort.direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: valueFor(row, sort.key) }))
    .sort((a, b) => {
      const aEmpty = isEmpty(a.value);
      const bEmpty = isEmpty(b.value);
      if (aEmpty || bEmpty) return aEmpty === bEmpty ? a.index - b.index : aEmpty ? 1 : -1;
      return sign * compareValues(a.value, b.value, collator) || a.index - b.index;
    })
    .map((entry) => entry.row);
}

function isEmpty(value: SortValue): value is null | undefined | '' {
  return value === null || value === undefined || value === '';
}

function compareValues(a: SortValue, b: SortValue, collator: Intl.Collator): number {
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  return toNumber(a) - toNumber(b);
}

function toNumber(value: SortValue): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  return Number(value);
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** A page number from a URL or a stale state, brought inside 1…last. */
export function clampPage(page: number, total: number, pageSize: number): number {
  if (!Number.isFinite(page)) return 1;
  return Math.min(Math.max(1, Math.floor(page)), pageCount(total, pageSize));
}

/** The 1-based positions a page shows, for "x–y de N"; 0–0 for an empty list. */
export function pageRange(page: number, pageSize: number, total: number): { from: number; to: number } {
  if (total <= 0) return { from: 0, to: 0 };
  const from = (clampPage(page, total, pageSize) - 1) * pageSize + 1;
  return { from, to: Math.min(total, from + pageSize - 1) };
}

/** What sorting needs of a column (Table's Column has it). */
export type SortableColumn<Row> = { key: string; sortValue?: (row: Row) => SortValue };

/** Sort by the columns' own values, then cut one page, out of a list held in full (a server page's rows, a client list). */
export function pageOfRows<Row>({
  rows,
  columns,
  sort,
  locale,
  page,
  pageSize,
}: {
  rows: readonly Row[];
  columns: readonly SortableColumn<Row>[];
  sort: SortState | null;
  locale: string;
  page: number;
  /** null: one page with every row. */
  pageSize: number | null;
}): { rows: Row[]; page: number; total: number } {
  const valueFor = (row: Row, key: string) => columns.find((c) => c.key === key)?.sortValue?.(row);
  const sorted = sortRows({ rows, sort, valueFor, locale });
  const total = sorted.length;
  if (pageSize === null) return { rows: sorted, page: 1, total };
  const current = clampPage(page, total, pageSize);
  return { rows: sorted.slice((current - 1) * pageSize, current * pageSize), page: current, total };
}

export type SelectionState = 'none' | 'some' | 'all';

/** How many of the keys shown are selected: drives the header checkbox (checked, indeterminate). */
export function selectionState(selected: ReadonlySet<string>, keys: readonly string[]): SelectionState {
  const count = keys.filter((k) => selected.has(k)).length;
  if (count === 0) return 'none';
  return count === keys.length ? 'all' : 'some';
}

export function toggleKey(selected: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(selected);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/**
 * The header checkbox: selects every key shown unless all of them already are, then clears them.
 * Keys selected on other pages stay as they are.
 */
export function toggleKeys(selected: ReadonlySet<string>, keys: readonly string[]): Set<string> {
  const next = new Set(selected);
  if (selectionState(selected, keys) === 'all') for (const k of keys) next.delete(k);
  else for (const k of keys) next.add(k);
  return next;
}

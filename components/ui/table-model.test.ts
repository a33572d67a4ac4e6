import { describe, expect, it } from 'vitest';
import {
  ariaSort,
  clampPage,
  nextSort,
  pageCount,
  pageOfRows,
  pageRange,
  selectionState,
  sortRows,
  toggleKey,
  toggleKeys,
} from './table-model';

type Row = { id: string; name: string; count: number | null; at: Date };
const rows: Row[] = [
  { id: 'a', name: 'Ñandú', count: 3, at: new Date('2026-01-03') },
  { id: 'b', name: 'avión', count: null, at: new Date('2026-01-01') },
  { id: 'c', name: 'Árbol', count: 10, at: new Date('2026-01-02') },
  { id: 'd', name: 'nube', count: 3, at: new Date('2026-01-04') },
  { id: 'e', name: 'Línea 2', count: 1, at: new Date('2026-01-05') },
  { id: 'f', name: 'Línea 10', count: 2, at: new Date('2026-01-06') },
];
const valueFor = (row: Row, key: string) =>
  key === 'name' ? row.name : key === 'count' ? row.count : key === 'at' ? row.at : undefined;
const columns = [
  { key: 'name', sortValue: (row: Row) => row.name },
  { key: 'count', sortValue: (row: Row) => row.count },
  { key: 'actions' },
];
const ids = (list: Row[]) => list.map((r) => r.id).join('');

describe('sortRows', () => {
  it('orders text as Spanish reads it: accents and case aside, ñ after n, numbers by value', () => {
    const sorted = sortRows({ rows, sort: { key: 'name', direction: 'asc' }, valueFor, locale: 'es-AR' });
    expect(sorted.map((r) => r.name)).toEqual(['Árbol', 'avión', 'Línea 2', 'Línea 10', 'nube', 'Ñandú']);
  });

  it('reverses for descending, keeping equal values in the order they came and empty values last', () => {
    const asc = sortRows({ rows, sort: { key: 'count', direction: 'asc' }, valueFor, locale: 'es-AR' });
    const desc = sortRows({ rows, sort: { key: 'count', direction: 'desc' }, valueFor, locale: 'es-AR' });
    expect(ids(asc)).toBe('efadcb');
    expect(ids(desc)).toBe('cadfeb');
  });

  it('orders dates by time and leaves the list as it came without a sort', () => {
    expect(ids(sortRows({ rows, sort: { key: 'at', direction: 'desc' }, valueFor, locale: 'en' }))).toBe(
      'fedacb',
    );
    const same = sortRows({ rows, sort: null, valueFor, locale: 'en' });
    expect(ids(same)).toBe('abcdef');
    expect(same).not.toBe(rows);
  });
});

describe('nextSort and ariaSort', () => {
  it('flips the sorted column and starts another at its first direction', () => {
    expect(nextSort(null, 'name')).toEqual({ key: 'name', direction: 'asc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' });
    expect(nextSort({ key: 'name', direction: 'desc' }, 'name')).toEqual({ key: 'name', direction: 'asc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'at', 'desc')).toEqual({
      key: 'at',
      direction: 'desc',
    });
  });

  it('says how a column is sorted', () => {
    expect(ariaSort({ key: 'name', direction: 'asc' }, 'name')).toBe('ascending');
    expect(ariaSort({ key: 'name', direction: 'desc' }, 'name')).toBe('descending');
    expect(ariaSort({ key: 'name', direction: 'desc' }, 'at')).toBe('none');
    expect(ariaSort(null, 'name')).toBe('none');
  });
});

describe('paging', () => {
  it('counts pages, at least one', () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(25, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
    expect(pageCount(200_000, 50)).toBe(4000);
  });

  it('clamps a page from a URL or a stale state into the pages there are', () => {
    expect(clampPage(0, 100, 25)).toBe(1);
    expect(clampPage(9, 100, 25)).toBe(4);
    expect(clampPage(2.7, 100, 25)).toBe(2);
    expect(clampPage(Number.NaN, 100, 25)).toBe(1);
  });

  it('gives the range a page shows, the last one short', () => {
    expect(pageRange(1, 25, 60)).toEqual({ from: 1, to: 25 });
    expect(pageRange(3, 25, 60)).toEqual({ from: 51, to: 60 });
    expect(pageRange(7, 25, 60)).toEqual({ from: 51, to: 60 });
    expect(pageRange(1, 25, 0)).toEqual({ from: 0, to: 0 });
    expect(pageRange(4000, 50, 200_000)).toEqual({ from: 199_951, to: 200_000 });
  });

  it("sorts the whole list by the column's own value before cutting the page", () => {
    const second = pageOfRows({
      rows,
      columns,
      sort: { key: 'name', direction: 'asc' },
      locale: 'es-AR',
      page: 2,
      pageSize: 4,
    });
    expect(second).toEqual({ rows: [rows[3], rows[0]], page: 2, total: 6 });
    const beyond = pageOfRows({ rows, columns, sort: null, locale: 'es-AR', page: 5, pageSize: 4 });
    expect(beyond.page).toBe(2);
    const all = pageOfRows({ rows, columns, sort: null, locale: 'es-AR', page: 3, pageSize: null });
    expect(all).toMatchObject({ page: 1, total: 6 });
    expect(ids(all.rows)).toBe('abcdef');
    // A column without a value to sort by keeps the order the rows came in.
    const unsortable = pageOfRows({
      rows,
      columns,
      sort: { key: 'actions', direction: 'desc' },
      locale: 'es-AR',
      page: 1,
      pageSize: null,
    });
    expect(ids(unsortable.rows)).toBe('abcdef');
  });
});

describe('selection', () => {
  it('tells none, some and all of the rows shown', () => {
    expect(selectionState(new Set(), ['a', 'b'])).toBe('none');
    expect(selectionState(new Set(['a', 'z']), ['a', 'b'])).toBe('some');
    expect(selectionState(new Set(['a', 'b']), ['a', 'b'])).toBe('all');
    expect(selectionState(new Set(['a']), [])).toBe('none');
  });

  it('toggles one row without touching the set it was given', () => {
    const before = new Set(['a']);
    expect([...toggleKey(before, 'b')]).toEqual(['a', 'b']);
    expect([...toggleKey(before, 'a')]).toEqual([]);
    expect([...before]).toEqual(['a']);
  });

  it('selects every row shown unless all are, and keeps rows of other pages', () => {
    const other = new Set(['z', 'a']);
    expect([...toggleKeys(other, ['a', 'b'])].sort()).toEqual(['a', 'b', 'z']);
    expect([...toggleKeys(new Set(['z', 'a', 'b']), ['a', 'b'])]).toEqual(['z']);
  });
});

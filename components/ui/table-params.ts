import type { SortState } from './table-model';

type SearchParams = Record<string, string | string[] | undefined>;
type Change = { sort?: SortState | null; page?: number; pageSize?: number };

export type TableParams = {
  sort: SortState | null;
  page: number;
  pageSize: number;
  /** This page's URL with the table's state changed and every other parameter (filters) kept. */
  href: (change: Change) => string;
};

/**
 * A server-rendered table's sort and page live in the query string (`sort`, `dir`, `page`, `size`),
 * so they survive a reload, the back button and a shared link. Unknown values fall back to the
 * defaults; the page is clamped later, once the total is known.
 */
export function tableParams({
  path,
  params,
  sortKeys,
  defaultSort = null,
  pageSizes,
  defaultPageSize,
}: {
  path: string;
  params: SearchParams;
  sortKeys: readonly string[];
  defaultSort?: SortState | null;
  pageSizes: readonly number[];
  defaultPageSize: number;
}): TableParams {
  const key = first(params.sort);
  const sort: SortState | null =
    key && sortKeys.includes(key)
      ? { key, direction: first(params.dir) === 'desc' ? 'desc' : 'asc' }
      : defaultSort;
  const size = Number(first(params.size));
  const pageSize = pageSizes.includes(size) ? size : defaultPageSize;
  const page = Math.max(1, Math.floor(Number(first(params.page))) || 1);

  const href = (change: Change) => {
    const next = {
      sort: change.sort === undefined ? sort : change.sort,
      page: change.page ?? page,
      pageSize: change.pageSize ?? pageSize,
    };
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (['sort', 'dir', 'page', 'size'].includes(name)) continue;
      const v = first(value);
      if (v) query.set(name, v);
    }
    if (next.sort && !sameSort(next.sort, defaultSort)) {
      query.set('sort', next.sort.key);
      query.set('dir', next.sort.direction);
    }
    if (next.pageSize !== defaultPageSize) query.set('size', String(next.pageSize));
    if (next.page > 1) query.set('page', String(next.page));
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  };
  return { sort, page, pageSize, href };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sameSort(a: SortState, b: SortState | null): boolean {
  return a.key === b?.key && a.direction === b.direction;
}

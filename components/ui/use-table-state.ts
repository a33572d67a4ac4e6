import { useLocale } from 'next-intl';
import { useMemo, useState } from 'react';
import type { Column, TablePagination } from './table';
import { pageOfRows, type SortState } from './table-model';

/**
 * Sort and page held in the browser, for a list the client has in full (members, API keys).
 * A list the server pages keeps sort and page in its query's input instead and passes them to
 * Table directly. Changing the sort or the page size goes back to the first page.
 */
export function useTableState<Row>({
  rows,
  columns,
  initialSort = null,
  pageSize: initialPageSize = null,
  pageSizes,
}: {
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  initialSort?: SortState | null;
  /** Without one, every row shows on one page. */
  pageSize?: number | null;
  pageSizes?: readonly number[];
}): {
  rows: Row[];
  sort: SortState | null;
  onSortChange: (sort: SortState) => void;
  pagination?: TablePagination;
} {
  const locale = useLocale();
  const [sort, setSort] = useState(initialSort);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const view = useMemo(
    () =>
      pageOfRows({
        rows,
        sort,
        locale,
        page,
        pageSize,
        columns,
      }),
    [rows, sort, locale, page, pageSize, columns],
  );
  return {
    rows: view.rows,
    sort,
    onSortChange: (next) => {
      setSort(next);
      setPage(1);
    },
    ...(pageSize === null
      ? {}
      : {
          pagination: {
            page: view.page,
            pageSize,
            total: view.total,
            ...(pageSizes ? { pageSizes } : {}),
            onPageChange: setPage,
            onPageSizeChange: (size: number) => {
              setPageSize(size);
              setPage(1);
            },
          },
        }),
  };
}

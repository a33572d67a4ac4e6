import { ArrowDown, ArrowUp, ArrowUpDown, ChevronLeft, ChevronRight } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { KeyboardEvent, MouseEvent, ReactNode } from 'react';
import { Button, buttonClass } from './button';
import { Checkbox } from './checkbox';
import { PageSizeSelect } from './page-size-select';
import { ScrollRegion } from './scroll-region';
import {
  ariaSort,
  clampPage,
  nextSort,
  pageCount,
  pageRange,
  type SortDirection,
  type SortState,
  type SortValue,
  selectionState,
  toggleKey,
  toggleKeys,
} from './table-model';

export type Column<Row> = {
  key: string;
  header: ReactNode;
  /** The header is read by screen readers only (a column of row actions). */
  hideHeader?: boolean;
  cell: (row: Row) => ReactNode;
  /** What the column sorts by when the rows are sorted here (useTableState, a server page). */
  sortValue?: (row: Row) => SortValue;
  /** Sortable although no sortValue is given: whoever loads the rows sorts them (a paged query). */
  sortable?: boolean;
  /** A new sort on this column starts here (dates: newest first). */
  firstDirection?: SortDirection;
  align?: 'start' | 'end';
  className?: string;
};

/** Either the table calls back (client state, a paged query) or it links (a server page's URL). */
type SortControl =
  | { onSortChange: (sort: SortState) => void; sortHref?: never }
  | { sortHref: (sort: SortState) => string; onSortChange?: never }
  | { onSortChange?: never; sortHref?: never };

export type TablePagination = {
  /** 1-based; clamped to the pages there are. */
  page: number;
  pageSize: number;
  /** Rows in the whole list, not in this page: the server's count when it pages. */
  total: number;
  pageSizes?: readonly number[];
} & (
  | { onPageChange: (page: number) => void; onPageSizeChange?: (size: number) => void; pageHref?: never }
  | { pageHref: (page: number) => string; pageSizeHref?: (size: number) => string; onPageChange?: never }
);

export type TableSelection<Row> = {
  selected: ReadonlySet<string>;
  onChange: (selected: Set<string>) => void;
  /** Names the row's checkbox («Seleccionar María Pérez»). */
  rowLabel: (row: Row) => string;
};

export type TableProps<Row> = SortControl & {
  /** The table's accessible name. */
  label: string;
  columns: readonly Column<Row>[];
  /** The rows to show, already sorted and cut to the page. */
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown in place of the rows when there are none. */
  empty: ReactNode;
  sort?: SortState | null;
  pagination?: TablePagination;
  onRowClick?: (row: Row) => void;
  selection?: TableSelection<Row>;
  rowProps?: (row: Row) => { 'data-testid'?: string; className?: string };
  className?: string;
  'data-testid'?: string;
};

const CELL = 'px-4 py-2';

/**
 * A data table: column definitions, sortable headers (aria-sort on the sorted one; a button or a
 * link in each sortable header, so the keyboard sorts too), an empty state, pagination ("1–50 de
 * 200", previous/next, rows per page) and optional row click and selection. It holds no state:
 * sort and page are props, so a server page drives it from the query string, a client list from
 * useTableState, and a list of 200,000 rows from its paged query. Server pages may render it.
 */
export function Table<Row>(props: TableProps<Row>) {
  const { columns, rows, rowKey, selection, onRowClick, rowProps } = props;
  const keys = rows.map(rowKey);
  const span = columns.length + (selection ? 1 : 0);
  return (
    <div className={`overflow-hidden rounded-lg border border-slate-200 bg-white ${props.className ?? ''}`}>
      <ScrollRegion label={props.label}>
        <table
          aria-label={props.label}
          className="w-full text-left text-sm"
          data-testid={props['data-testid']}
        >
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              {selection ? (
                <th scope="col" className={`${CELL} w-px`}>
                  <SelectAll selection={selection} keys={keys} />
                </th>
              ) : null}
              {columns.map((column) => (
                <HeaderCell key={column.key} column={column} control={props} sort={props.sort ?? null} />
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={span} className="px-4 py-6 text-center text-slate-600">
                  {props.empty}
                </td>
              </tr>
            ) : (
              rows.map((row, index) => {
                const key = keys[index] ?? rowKey(row);
                const extra = rowProps?.(row);
                const selected = selection?.selected.has(key) ?? false;
                return (
                  <tr
                    key={key}
                    data-testid={extra?.['data-testid']}
                    data-selected={selected || undefined}
                    {...(onRowClick ? rowClickProps(row, onRowClick) : {})}
                    className={`${onRowClick ? 'cursor-pointer hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-500' : ''} ${selected ? 'bg-brand-50' : ''} ${extra?.className ?? ''}`}
                  >
                    {selection ? (
                      <td className={`${CELL} w-px`}>
                        <Checkbox
                          hideLabel
                          label={selection.rowLabel(row)}
                          checked={selected}
                          onChange={() => selection.onChange(toggleKey(selection.selected, key))}
                        />
                      </td>
                    ) : null}
                    {columns.map((column) => (
                      <td
                        key={column.key}
                        className={`${CELL} ${column.align === 'end' ? 'text-right' : ''} ${column.className ?? ''}`}
                      >
                        {column.cell(row)}
                      </td>
                    ))}
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </ScrollRegion>
      {props.pagination && props.pagination.total > 0 ? (
        <PaginationBar pagination={props.pagination} />
      ) : null}
    </div>
  );
}

function HeaderCell<Row>({
  column,
  control,
  sort,
}: {
  column: Column<Row>;
  control: SortControl;
  sort: SortState | null;
}) {
  const sortable =
    (column.sortable || column.sortValue !== undefined) && (control.onSortChange || control.sortHref);
  const state = ariaSort(sort, column.key);
  const className = `${CELL} font-medium ${column.align === 'end' ? 'text-right' : ''}`;
  if (!sortable) {
    return (
      <th scope="col" className={className}>
        {column.hideHeader ? <span className="sr-only">{column.header}</span> : column.header}
      </th>
    );
  }
  const next = nextSort(sort, column.key, column.firstDirection);
  const Icon = state === 'ascending' ? ArrowUp : state === 'descending' ? ArrowDown : ArrowUpDown;
  const inner = (
    <>
      {column.header}
      <Icon aria-hidden className={`size-3.5 ${state === 'none' ? 'text-slate-400' : 'text-slate-700'}`} />
    </>
  );
  const look =
    'inline-flex items-center gap-1 rounded font-medium hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500';
  return (
    // Only the sorted column carries aria-sort, as in the WAI-ARIA sortable table.
    <th scope="col" aria-sort={state === 'none' ? undefined : state} className={className}>
      {control.sortHref ? (
        <Link href={control.sortHref(next)} className={look} scroll={false}>
          {inner}
        </Link>
      ) : (
        <button type="button" className={look} onClick={() => control.onSortChange?.(next)}>
          {inner}
        </button>
      )}
    </th>
  );
}

function PaginationBar({ pagination }: { pagination: TablePagination }) {
  const t = useTranslations('ui.table');
  const { pageSize, total } = pagination;
  const page = clampPage(pagination.page, total, pageSize);
  const last = pageCount(total, pageSize);
  const { from, to } = pageRange(page, pageSize, total);
  const sizes = pagination.pageSizes ?? [];
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-2 text-sm text-slate-700">
      <p aria-live="polite" data-testid="table-range">
        {t('range', { from, to, total })}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        {sizes.length > 1 ? (
          <PageSizeSelect
            label={t('pageSize')}
            value={pageSize}
            sizes={sizes}
            {...(pagination.pageHref
              ? pagination.pageSizeHref
                ? { hrefs: sizes.map(pagination.pageSizeHref) }
                : {}
              : pagination.onPageSizeChange
                ? { onChange: pagination.onPageSizeChange }
                : {})}
          />
        ) : null}
        <nav aria-label={t('pages')} className="flex items-center gap-2">
          <PageStep pagination={pagination} to={page - 1} disabled={page <= 1} rel="prev">
            <ChevronLeft aria-hidden className="size-4" />
            {t('previous')}
          </PageStep>
          <PageStep pagination={pagination} to={page + 1} disabled={page >= last} rel="next">
            {t('next')}
            <ChevronRight aria-hidden className="size-4" />
          </PageStep>
        </nav>
      </div>
    </div>
  );
}

function PageStep({
  pagination,
  to,
  disabled,
  rel,
  children,
}: {
  pagination: TablePagination;
  to: number;
  disabled: boolean;
  rel: 'prev' | 'next';
  children: ReactNode;
}) {
  if (disabled) {
    return (
      <Button variant="secondary" size="sm" disabled>
        {children}
      </Button>
    );
  }
  if (pagination.pageHref) {
    return (
      <Link
        href={pagination.pageHref(to)}
        rel={rel}
        className={buttonClass({ variant: 'secondary', size: 'sm' })}
      >
        {children}
      </Link>
    );
  }
  return (
    <Button variant="secondary" size="sm" onClick={() => pagination.onPageChange?.(to)}>
      {children}
    </Button>
  );
}

function SelectAll<Row>({ selection, keys }: { selection: TableSelection<Row>; keys: readonly string[] }) {
  const t = useTranslations('ui.table');
  const state = selectionState(selection.selected, keys);
  return (
    <Checkbox
      hideLabel
      label={t('selectAll')}
      checked={state === 'all' && keys.length > 0}
      indeterminate={state === 'some'}
      disabled={keys.length === 0}
      onChange={() => selection.onChange(toggleKeys(selection.selected, keys))}
    />
  );
}

/** A clickable row: the pointer anywhere but on its own controls, or Enter/Space on the focused row. */
function rowClickProps<Row>(row: Row, onRowClick: (row: Row) => void) {
  return {
    tabIndex: 0,
    onClick: (e: MouseEvent<HTMLTableRowElement>) => {
      if (e.target instanceof Element && e.target.closest('a, button, input, select, textarea, label'))
        return;
      onRowClick(row);
    },
    onKeyDown: (e: KeyboardEvent<HTMLTableRowElement>) => {
      if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      onRowClick(row);
    },
  };
}

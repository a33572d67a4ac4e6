import { describe, expect, it } from 'vitest';
import { tableParams } from './table-params';

const base = { path: '/flows', sortKeys: ['name', 'updated'], pageSizes: [25, 50, 100], defaultPageSize: 50 };

describe('tableParams', () => {
  it('reads sort, page and size from the query string', () => {
    const p = tableParams({ ...base, params: { sort: 'updated', dir: 'desc', page: '3', size: '25' } });
    expect(p.sort).toEqual({ key: 'updated', direction: 'desc' });
    expect(p.page).toBe(3);
    expect(p.pageSize).toBe(25);
  });

  it('falls back to the defaults for values it does not know', () => {
    const p = tableParams({
      ...base,
      defaultSort: { key: 'name', direction: 'asc' },
      params: { sort: 'password', dir: 'sideways', page: '-4', size: '100000' },
    });
    expect(p.sort).toEqual({ key: 'name', direction: 'asc' });
    expect(p.page).toBe(1);
    expect(p.pageSize).toBe(50);
    expect(tableParams({ ...base, params: { page: 'x', sort: ['name', 'updated'] } })).toMatchObject({
      page: 1,
      sort: { key: 'name', direction: 'asc' },
    });
  });

  it('builds links that keep the filters and leave the defaults out', () => {
    const p = tableParams({ ...base, params: { q: 'turnos', kind: 'api', page: '2', size: '25' } });
    expect(p.href({ page: 3 })).toBe('/flows?q=turnos&kind=api&size=25&page=3');
    expect(p.href({ sort: { key: 'name', direction: 'desc' }, page: 1 })).toBe(
      '/flows?q=turnos&kind=api&sort=name&dir=desc&size=25',
    );
    expect(p.href({ pageSize: 50, page: 1 })).toBe('/flows?q=turnos&kind=api');
    expect(tableParams({ ...base, params: {} }).href({})).toBe('/flows');
  });
});

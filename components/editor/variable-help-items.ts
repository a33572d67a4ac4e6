import { applyFilter, FILTER_NAMES, type FilterName, filterInput } from '@/workflows/dsl/filters';
import type { AvailableVariable } from '@/workflows/kinds/variable-analysis';

/** A sample value per type, formatted by each filter for its example (the organismo's time zone is Argentina's). */
const SAMPLES: Record<'date' | 'number' | 'any', unknown> = {
  date: '2026-03-15T14:30:00-03:00',
  number: 1234.5,
  any: 'María',
};
const FALLBACK = 'sin dato';

/** The placeholder text a click inserts: the variable, with a filter when one was chosen. */
export function placeholder(path: string, filter?: FilterName): string {
  if (!filter) return `{{${path}}}`;
  return filter === 'default' ? `{{${path}|default:"${FALLBACK}"}}` : `{{${path}|${filter}}}`;
}

/** The filters that format a variable of this type (all of them when the type is not known). */
export function filtersFor(v: AvailableVariable): FilterName[] {
  return FILTER_NAMES.filter((f) => {
    if (f === 'default') return v.maybeEmpty || v.type === null;
    const input = filterInput(f);
    return input === 'any' || v.type === null || input === v.type;
  });
}

/** What a filter makes of a sample value: «15/3/26», «$ 1.234,50», «sin dato». */
export function filterExample(filter: FilterName, locale: string): string {
  const sample = filter === 'default' ? '' : SAMPLES[filterInput(filter)];
  const arg = filter === 'default' ? FALLBACK : undefined;
  const out = applyFilter(filter, sample, arg, { timeZone: 'America/Argentina/Cordoba', locale });
  return typeof out === 'string' ? out : String(out);
}

/**
 * The template filters, one table for the renderer (template.ts) and the compiler (the problems
 * UNKNOWN_FILTER and BAD_FILTER_ARGUMENT): each filter's name, the argument it takes, and how it
 * formats a value. Pure: it runs in the browser, the server and the workflow sandbox.
 */

/** What a filter's argument may be; every argument is optional (`{{x | numero}}` is fine). */
export type FilterArgument = 'none' | 'decimals' | 'currency' | 'text';

export type FilterOptions = { timeZone: string; locale: string };

/** The type of a variable's value, as the compiler and the variable help know it. */
export type ValueType = 'text' | 'number' | 'date' | 'boolean';

type FilterSpec = {
  argument: FilterArgument;
  /** The value types the filter formats; 'any' takes whatever it gets. */
  input: 'date' | 'number' | 'any';
  apply(value: unknown, arg: string | undefined, opts: FilterOptions): unknown;
};

const dateFilter =
  (style: Intl.DateTimeFormatOptions): FilterSpec['apply'] =>
  (value, _arg, opts) => {
    const d = toDate(value);
    if (!d) return value;
    return new Intl.DateTimeFormat(opts.locale, { ...style, timeZone: opts.timeZone }).format(d);
  };

const FILTER_TABLE = {
  fecha: { argument: 'none', input: 'date', apply: dateFilter({ dateStyle: 'short' }) },
  fecha_larga: { argument: 'none', input: 'date', apply: dateFilter({ dateStyle: 'full' }) },
  hora: { argument: 'none', input: 'date', apply: dateFilter({ timeStyle: 'short' }) },
  numero: {
    argument: 'decimals',
    input: 'number',
    apply: (value, arg, opts) => {
      const n = Number(value);
      if (!Number.isFinite(n)) return stringify(value);
      // Programs published before arguments were checked clamp what they wrote (numero:9 → 6).
      const digits = arg ? Math.min(Math.max(Number(arg) || 0, 0), 6) : undefined;
      return new Intl.NumberFormat(
        opts.locale,
        digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits },
      ).format(n);
    },
  },
  moneda: {
    argument: 'currency',
    input: 'number',
    apply: (value, arg, opts) => {
      const n = Number(value);
      if (!Number.isFinite(n)) return stringify(value);
      return new Intl.NumberFormat(opts.locale, { style: 'currency', currency: arg || 'ARS' }).format(n);
    },
  },
  mayusculas: {
    argument: 'none',
    input: 'any',
    apply: (value, _arg, opts) => stringify(value).toLocaleUpperCase(opts.locale),
  },
  minusculas: {
    argument: 'none',
    input: 'any',
    apply: (value, _arg, opts) => stringify(value).toLocaleLowerCase(opts.locale),
  },
  /** One digit at a time, for speech: 1042 → «1 0 4 2» (a voice reads «1042» as a thousand and forty-two). */
  digitos: {
    argument: 'none',
    input: 'any',
    apply: (value) => stringify(value).replace(/\s+/g, '').split('').join(' '),
  },
  default: {
    argument: 'text',
    input: 'any',
    apply: (value, arg) => (value === undefined || value === null || value === '' ? (arg ?? '') : value),
  },
} as const satisfies Record<string, FilterSpec>;

export type FilterName = keyof typeof FILTER_TABLE;

export const FILTER_NAMES: readonly FilterName[] = Object.keys(FILTER_TABLE).filter(isFilterName);

export function isFilterName(name: string): name is FilterName {
  return Object.hasOwn(FILTER_TABLE, name);
}

export function filterArgument(name: FilterName): FilterArgument {
  return FILTER_TABLE[name].argument;
}

/** Whether the filter formats a value of this type (a date filter on a text prints the text as it is). */
export function filterTakes(name: FilterName, type: ValueType): boolean {
  const input = FILTER_TABLE[name].input;
  return input === 'any' || input === type;
}

/** The value type a filter formats, 'any' when it takes every type. */
export function filterInput(name: FilterName): 'date' | 'number' | 'any' {
  return FILTER_TABLE[name].input;
}

/** Formats a value with one filter; may throw (Intl's RangeError), which the renderer turns into a TemplateError. */
export function applyFilter(
  name: FilterName,
  value: unknown,
  arg: string | undefined,
  opts: FilterOptions,
): unknown {
  const spec: FilterSpec = FILTER_TABLE[name];
  return spec.apply(value, arg, opts);
}

/** Whether the compiler accepts this argument for the filter (absent = the filter's default). */
export function acceptsArgument(name: FilterName, arg: string | undefined): boolean {
  if (arg === undefined) return true;
  switch (filterArgument(name)) {
    case 'none':
      return false;
    case 'text':
      return true;
    case 'decimals':
      return /^[0-6]$/.test(arg);
    case 'currency':
      return isCurrency(arg);
  }
}

let currencies: ReadonlySet<string> | null = null;

/** An ISO 4217 code this runtime's Intl knows (ARS, USD…); any case, as Intl takes it. */
function isCurrency(code: string): boolean {
  if (!/^[A-Za-z]{3}$/.test(code)) return false;
  if (typeof Intl.supportedValuesOf === 'function') {
    currencies ??= new Set(Intl.supportedValuesOf('currency'));
    return currencies.has(code.toUpperCase());
  }
  try {
    new Intl.NumberFormat('es-AR', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}

export function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    // A bare date means that day in Argentina (UTC−3), not UTC midnight.
    const d = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T12:00:00-03:00`) : new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

export function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

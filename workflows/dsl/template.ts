/**
 * Safe templates: `{{contact.first_name}}`, `{{vars.turno | fecha}}`, `{{vars.monto | numero:2}}`,
 * `{{vars.x | default:"sin dato"}}`. No code runs: a path lookup and a fixed set of filters.
 */
import type { Scope } from '../../lib/contracts/execution';
import {
  acceptsArgument,
  applyFilter,
  type FilterArgument,
  type FilterName,
  filterArgument,
  isFilterName,
  stringify,
  toDate,
} from './filters';

const VARIABLE_ROOTS = ['contact', 'call', 'message', 'vars', 'input', 'execution'] as const;

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;
const MAX_TEMPLATE = 20_000;

type TemplatePart = { text: string } | { path: string; filters: Filter[] };
type Filter = { name: FilterName; arg?: string };

/** A filter the compiler refuses: unknown, or with an argument it does not take. */
export type FilterIssue =
  | { kind: 'unknown_filter'; filter: string }
  | { kind: 'bad_filter_argument'; filter: FilterName; argument: string; allowed: FilterArgument };

/** A template failed while rendering (a filter's Intl call threw): the step fails, not the workflow task. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

type ParsedTemplate = { ok: true; parts: TemplatePart[] } | { ok: false; error: string };

export function isVariablePath(path: string): boolean {
  if (!PATH.test(path)) return false;
  const root = path.split('.')[0];
  return VARIABLE_ROOTS.some((r) => r === root);
}

function parseTemplate(source: string): ParsedTemplate {
  if (source.length > MAX_TEMPLATE) return { ok: false, error: `longer than ${MAX_TEMPLATE} characters` };
  const parts: TemplatePart[] = [];
  let rest = source;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    if (open === -1) {
      parts.push({ text: rest });
      break;
    }
    if (open > 0) parts.push({ text: rest.slice(0, open) });
    const close = rest.indexOf('}}', open + 2);
    if (close === -1) return { ok: false, error: 'a "{{" has no closing "}}"' };
    const inner = rest.slice(open + 2, close).trim();
    const [pathPart = '', ...filterParts] = splitPipes(inner);
    const path = pathPart.trim();
    if (!isVariablePath(path))
      return { ok: false, error: `"${path}" is not a variable (${VARIABLE_ROOTS.join(', ')})` };
    const filters: Filter[] = [];
    for (const raw of filterParts) {
      const { name, arg } = splitFilter(raw);
      if (!isFilterName(name)) return { ok: false, error: `unknown filter "${name}"` };
      filters.push(arg === undefined ? { name } : { name, arg });
    }
    parts.push({ path, filters });
    rest = rest.slice(close + 2);
  }
  return { ok: true, parts };
}

/** `numero:2` → numero, "2"; `default:"sin dato"` → default, sin dato; an empty argument is none. */
function splitFilter(raw: string): { name: string; arg?: string } {
  const [name = '', ...argParts] = raw.trim().split(':');
  const arg = argParts
    .join(':')
    .trim()
    .replace(/^"(.*)"$/, '$1');
  return arg ? { name: name.trim(), arg } : { name: name.trim() };
}

/**
 * The filters of a template that the compiler refuses, placeholder by placeholder (the renderer
 * shows a template with an unknown filter as it is written, and a bad argument may throw).
 */
export function templateIssues(source: string): FilterIssue[] {
  if (source.length > MAX_TEMPLATE) return [];
  const issues: FilterIssue[] = [];
  let at = source.indexOf('{{');
  while (at !== -1) {
    const close = source.indexOf('}}', at + 2);
    if (close === -1) break;
    const [, ...filterParts] = splitPipes(source.slice(at + 2, close).trim());
    for (const raw of filterParts) {
      const { name, arg } = splitFilter(raw);
      if (!isFilterName(name)) issues.push({ kind: 'unknown_filter', filter: name });
      else if (!acceptsArgument(name, arg))
        issues.push({
          kind: 'bad_filter_argument',
          filter: name,
          argument: arg ?? '',
          allowed: filterArgument(name),
        });
    }
    at = source.indexOf('{{', close + 2);
  }
  return issues;
}

function splitPipes(inner: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of inner) {
    if (ch === '"') quoted = !quoted;
    if (ch === '|' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/**
 * A template cut into literal text, placeholders (with their own source, to render alone) and, where
 * the caller allows them, references to the organismo's secrets (`{{secret.NAME}}`, no filters),
 * which only an activity resolves. Null when the template does not parse.
 */
export type TemplateSegment =
  | { text: string }
  | { placeholder: string; path: string; filtered: boolean }
  | { secret: string };

export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const SECRET_PLACEHOLDER = /\{\{\s*secret\.([A-Za-z0-9_]*)\s*\}\}/g;

export function templateSegments(source: string, opts: { secrets?: boolean } = {}): TemplateSegment[] | null {
  const out: TemplateSegment[] = [];
  let at = 0;
  for (const piece of opts.secrets ? source.matchAll(SECRET_PLACEHOLDER) : []) {
    const between = plainSegments(source.slice(at, piece.index));
    if (!between) return null;
    out.push(...between, { secret: piece[1] ?? '' });
    at = piece.index + piece[0].length;
  }
  const rest = plainSegments(source.slice(at));
  return rest ? [...out, ...rest] : null;
}

function plainSegments(source: string): TemplateSegment[] | null {
  const parsed = parseTemplate(source);
  if (!parsed.ok) return null;
  // parseTemplate keeps the pieces in order and back to back: each placeholder starts where the text before it ends.
  let at = 0;
  return parsed.parts.map((p) => {
    if ('text' in p) {
      at += p.text.length;
      return { text: p.text };
    }
    const end = source.indexOf('}}', at + 2) + 2;
    const placeholder = source.slice(at, end);
    at = end;
    return { placeholder, path: p.path, filtered: p.filters.length > 0 };
  });
}

/** One placeholder of a template: the path it reads and the known filters applied to it, in order. */
export type TemplateUse = { path: string; filters: Filter[] };

/** The placeholders of a template (empty when it does not parse), for the compiler's type and fallback checks. */
export function templateUses(source: string): TemplateUse[] {
  const parsed = parseTemplate(source);
  if (!parsed.ok) return [];
  return parsed.parts.flatMap((p) => ('path' in p ? [{ path: p.path, filters: p.filters }] : []));
}

/** The variable paths a template reads (empty when it does not parse). */
export function templateReferences(source: string): string[] {
  const parsed = parseTemplate(source);
  if (!parsed.ok) return [];
  return parsed.parts.flatMap((p) => ('path' in p ? [p.path] : []));
}

export type { Scope };

export function lookup(scope: Scope, path: string): unknown {
  let value: unknown = scope;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = Reflect.get(value, key);
  }
  return value;
}

type RenderOptions = { timeZone: string; locale?: string };

/** Renders a template; throws TemplateError (never another error) when a filter cannot format its value. */
export function renderTemplate(source: string, scope: Scope, opts: RenderOptions): string {
  const parsed = parseTemplate(source);
  if (!parsed.ok) return source;
  return parsed.parts
    .map((p) => ('text' in p ? p.text : applyFilters(lookup(scope, p.path), p.filters, opts)))
    .join('');
}

function applyFilters(value: unknown, filters: Filter[], opts: RenderOptions): string {
  const options = { timeZone: opts.timeZone, locale: opts.locale ?? 'es-AR' };
  let current: unknown = value;
  for (const f of filters) {
    try {
      current = applyFilter(f.name, current, f.arg, options);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new TemplateError(
        `filter "${f.name}${f.arg === undefined ? '' : `:${f.arg}`}" failed: ${detail}`,
      );
    }
  }
  return stringify(current);
}

export { toDate };

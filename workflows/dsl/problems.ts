import type { z } from 'zod';
import { formatMessage } from '../../lib/i18n/format-message';
import en from '../../lib/i18n/problems/en.json';
import esAR from '../../lib/i18n/problems/es-AR.json';

type Severity = 'error' | 'warning';
export type Localized = { 'es-AR': string; en: string };

export type Problem = {
  nodeId: string | null;
  field?: string;
  code: ProblemCode;
  severity: Severity;
  message: Localized;
};

type ProblemCode = keyof typeof esAR.codes;
/** A settings check of a node kind, beyond what its zod schema says (lib/i18n/problems, `invalid`). */
export type InvalidKey = keyof typeof esAR.invalid;
type ConfigKey = keyof typeof esAR.config;

/** A param is a number, a text, or a text in each language (a port label, a node title). */
type Param = string | number | Localized;
type Params = Record<string, Param>;

/**
 * The compiler's catalog, lib/i18n/problems/{es-AR,en}.json (ICU, checked like the app's catalogs:
 * `node check-messages.mjs lib/i18n/problems`). It lives beside the app's because this module loads in
 * the workflow sandbox too, where the whole app catalog would be evaluated for every execution.
 */
const CATALOGS = { 'es-AR': esAR, en } as const;

function localize(pick: (catalog: typeof esAR) => string, params: Params): Localized {
  const format = (locale: keyof typeof CATALOGS) =>
    formatMessage(
      pick(CATALOGS[locale]),
      Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'object' ? v[locale] : v])),
      locale,
    );
  return { 'es-AR': format('es-AR'), en: format('en') };
}

/** A problem of the flow's shape or references; a node's own settings rules use invalidConfig. */
export function problem(
  code: ProblemCode,
  args: { nodeId: string | null; field?: string; severity?: Severity; params?: Params },
): Problem {
  return {
    nodeId: args.nodeId,
    ...(args.field ? { field: args.field } : {}),
    code,
    severity: args.severity ?? 'error',
    message: localize((c) => c.codes[code], args.params ?? {}),
  };
}

/** A node's settings break one of its kind's own rules: the message says what to change. */
export function invalidConfig(args: {
  nodeId: string;
  field: string;
  key: InvalidKey;
  params?: Params;
}): Problem {
  return {
    nodeId: args.nodeId,
    ...(args.field ? { field: args.field } : {}),
    code: 'INVALID_CONFIG',
    severity: 'error',
    message: localize((c) => c.invalid[args.key], args.params ?? {}),
  };
}

/**
 * The message of a zod refinement or regex in a node's schema: a catalog key, with params when the
 * message needs them (`invalidAs('slug', { max: 30, example: 'no_contesta' })`). zod keeps only a
 * string, so the params travel in it and configIssueProblem reads them back.
 */
export function invalidAs(key: InvalidKey, params?: Record<string, string | number>): string {
  if (!params) return key;
  return `${key}?${Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&')}`;
}

function readInvalidAs(message: string): { key: InvalidKey; params: Params } | null {
  const [key = '', query] = message.split('?', 2);
  if (!isInvalidKey(key)) return null;
  const params: Params = {};
  for (const pair of query ? query.split('&') : []) {
    const [k = '', v = ''] = pair.split('=', 2);
    const text = decodeURIComponent(v);
    params[k] = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  }
  return { key, params };
}

function isInvalidKey(key: string): key is InvalidKey {
  return Object.hasOwn(esAR.invalid, key);
}

/**
 * One zod issue of a node's settings as a problem on its field, in both languages: the node kind's
 * own key when the schema names one, else what the issue's code and limits say (never zod's English).
 */
export function configIssueProblem(nodeId: string, issue: z.core.$ZodIssue, config: unknown): Problem {
  const specific = issue.code === 'invalid_union' ? unionBranchIssue(issue) : null;
  const chosen = specific ?? { issue, path: issue.path };
  const field = chosen.path.map(String).join('.');
  const own = readInvalidAs(chosen.issue.message);
  if (own) return invalidConfig({ nodeId, field, key: own.key, params: own.params });
  // zod leaves the input out of its issues unless asked: read it from the settings themselves.
  const { key, params } = configKey(chosen.issue, valueAt(config, chosen.path));
  return {
    nodeId,
    ...(field ? { field } : {}),
    code: 'INVALID_CONFIG',
    severity: 'error',
    message: localize((c) => c.config[key], params),
  };
}

function configKey(issue: z.core.$ZodIssue, input: unknown): { key: ConfigKey; params: Params } {
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined || input === null || input === ''
        ? { key: 'required', params: {} }
        : { key: 'wrongType', params: { expected: issue.expected } };
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string')
        return minimum <= 1
          ? { key: 'required', params: {} }
          : { key: 'stringTooShort', params: { minimum } };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { key: 'listTooShort', params: { minimum } };
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return { key: issue.inclusive === false ? 'numberAbove' : 'numberAtLeast', params: { minimum } };
      return { key: 'invalid', params: {} };
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return { key: 'stringTooLong', params: { maximum } };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { key: 'listTooLong', params: { maximum } };
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return { key: issue.inclusive === false ? 'numberBelow' : 'numberAtMost', params: { maximum } };
      return { key: 'invalid', params: {} };
    }
    case 'not_multiple_of':
      return { key: 'notMultipleOf', params: { divisor: issue.divisor } };
    case 'invalid_value':
      return { key: 'notAnOption', params: { options: issue.values.map(String).join(', ') } };
    case 'invalid_format':
      if (issue.format === 'url') return { key: 'url', params: {} };
      if (issue.format === 'email') return { key: 'email', params: {} };
      return { key: 'pattern', params: {} };
    default:
      return { key: 'invalid', params: {} };
  }
}

/**
 * A value that matches no branch of a union: the branch whose type it has says what is wrong with it
 * (`version: 0` fails `min(1)` of the number branch, not the 'latest' literal).
 */
function unionBranchIssue(
  union: z.core.$ZodIssue & { code: 'invalid_union' },
): { issue: z.core.$ZodIssue; path: PropertyKey[] } | null {
  const branches = 'errors' in union ? union.errors : [];
  const issues = branches.flatMap((b) => b.slice(0, 1));
  const best =
    issues.find((i) => i.code !== 'invalid_type' && i.code !== 'invalid_value') ??
    issues.find((i) => i.code !== 'invalid_type') ??
    issues[0];
  if (!best) return null;
  const nested = best.code === 'invalid_union' ? unionBranchIssue(best) : null;
  const chosen = nested ?? { issue: best, path: best.path };
  return { issue: chosen.issue, path: [...union.path, ...chosen.path] };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || typeof key === 'symbol' || !Object.hasOwn(at, key))
      return undefined;
    at = Reflect.get(at, key);
  }
  return at;
}

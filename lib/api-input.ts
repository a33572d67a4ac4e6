import type { ApiFieldType } from '../workflows/nodes/trigger-api/definition';

/**
 * The input of a flow that starts with an API call, checked the one way the API, the editor's test
 * runs and the test phone's form all check it. Pure: the server turns a problem into an AppError,
 * the form into its catalog's message (testScenarios.apiInput.<code>).
 */

export type ApiInputValue = string | number | boolean;
export type ApiInput = Record<string, ApiInputValue>;

/** A field the trigger declares; `required` unless it says otherwise. */
export type ApiInputField = { name: string; required: boolean };

/** The longest input accepted, in characters of its JSON. */
export const API_INPUT_MAX_CHARS = 20_000;

export type ApiInputProblem = { code: 'missing'; fields: string[] } | { code: 'tooLarge'; maxChars: number };

export type ApiInputResult = { ok: true; input: ApiInput } | { ok: false; problem: ApiInputProblem };

/**
 * The declared fields of a trigger's config, read leniently (a stored program's config is not
 * re-validated: anything with a name is a field, required unless `required: false`).
 */
export function apiInputFields(config: Readonly<Record<string, unknown>> | undefined): ApiInputField[] {
  const fields = config?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((f: unknown) => {
    if (f === null || typeof f !== 'object') return [];
    const name: unknown = Reflect.get(f, 'name');
    const required: unknown = Reflect.get(f, 'required');
    return typeof name === 'string' ? [{ name, required: required !== false }] : [];
  });
}

/**
 * What starts the flow: the declared fields that are not blank, as scalars; fields nobody declared
 * are dropped. Refused when the input is too large or a required field is blank.
 */
export function parseApiInput(
  fields: readonly ApiInputField[],
  given: Readonly<Record<string, unknown>>,
): ApiInputResult {
  if (JSON.stringify(given).length > API_INPUT_MAX_CHARS)
    return { ok: false, problem: { code: 'tooLarge', maxChars: API_INPUT_MAX_CHARS } };
  const missing = fields.filter((f) => f.required && isBlank(given[f.name])).map((f) => f.name);
  if (missing.length > 0) return { ok: false, problem: { code: 'missing', fields: missing } };
  const input: ApiInput = {};
  for (const f of fields) {
    const v = given[f.name];
    if (!isBlank(v)) input[f.name] = scalar(v);
  }
  return { ok: true, input };
}

/**
 * The test phone's form values as another system would post them: numbers as numbers, yes/no as
 * booleans, text trimmed, blanks left out.
 */
export function apiInputFromForm(
  fields: readonly { name: string; type: ApiFieldType }[],
  values: Readonly<Record<string, string | boolean>>,
): ApiInput {
  const out: ApiInput = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === 'boolean') {
      out[f.name] = v === true;
      continue;
    }
    if (typeof v !== 'string' || v.trim() === '') continue;
    const n = Number(v);
    out[f.name] = f.type === 'number' && Number.isFinite(n) ? n : v.trim();
  }
  return out;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function scalar(v: unknown): ApiInputValue {
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : JSON.stringify(v);
}

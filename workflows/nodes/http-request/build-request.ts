import type { HttpSecretRef, HttpText } from '../../../lib/contracts/engine-activities';
import { stripControl } from '../../../lib/http-text';
import { SECRET_NAME, type TemplateSegment, templateSegments } from '../../dsl/template';

type Piece = string | HttpSecretRef;
/** How a placeholder gets its value: its rendered text (filters applied) or the raw variable. */
export type Resolver = { render(placeholder: string): string; value(path: string): unknown };
export type BuildProblem = { field: string; key: 'secretPlace' | 'jsonBody' | 'secretName' };
export type BuiltRequest = {
  url: HttpText;
  headers: Record<string, HttpText>;
  body: HttpText | null;
  /** Every secret the request refers to, by name, for the compiler's check. */
  secrets: { field: string; name: string }[];
};

type Header = { name: string; value: string };
export type RequestTemplates = { url: string; headers: Header[]; body: string | null };

/**
 * The request an HTTP node sends, each template encoded for where it goes, so a variable's value
 * is always data: placeholders in a URL are percent-encoded (the base URL may come whole from a
 * leading variable, which the activity checks as any URL), header values lose control characters
 * (no CR/LF to add headers), a JSON body is parsed as JSON first and every placeholder becomes an
 * encoded JSON value, a form body percent-encodes them. Secrets stay references for the activity.
 */
export function buildRequest(
  templates: RequestTemplates,
  resolve: Resolver,
): { ok: true; request: BuiltRequest } | { ok: false; problem: BuildProblem } {
  const secrets: BuiltRequest['secrets'] = [];
  const note = (field: string) => (s: HttpSecretRef) => {
    secrets.push({ field, name: s.secret });
    return s;
  };
  const badName = (field: string, segs: TemplateSegment[] | null) =>
    segs?.some((s) => 'secret' in s && !SECRET_NAME.test(s.secret))
      ? { field, key: 'secretName' as const }
      : null;

  const urlSegs = templateSegments(templates.url.trim(), { secrets: true });
  const urlBad = badName('url', urlSegs);
  if (urlBad) return { ok: false, problem: urlBad };
  const url = urlSegs ? buildUrl(urlSegs, resolve, note('url')) : [templates.url.trim()];
  if (url === null) return { ok: false, problem: { field: 'url', key: 'secretPlace' } };

  const headers: Record<string, HttpText> = {};
  for (const [i, h] of templates.headers.entries()) {
    const field = `headers.${i}.value`;
    const segs = templateSegments(h.value, { secrets: true });
    const bad = badName(field, segs);
    if (bad) return { ok: false, problem: bad };
    headers[h.name] = joinPieces(
      (segs ?? [{ text: h.value }]).map((s) =>
        'text' in s
          ? stripControl(s.text)
          : 'secret' in s
            ? note(field)({ secret: s.secret, encoding: 'header' })
            : stripControl(resolve.render(s.placeholder)),
      ),
    );
  }

  let body: HttpText | null = null;
  if (templates.body !== null) {
    const segs = templateSegments(templates.body, { secrets: true });
    const bad = badName('body', segs);
    if (bad) return { ok: false, problem: bad };
    const mode = bodyMode(templates.body, contentTypeOf(templates.headers));
    if (!segs) body = templates.body;
    else if (mode === 'json') {
      const json = buildJson(segs, resolve, note('body'));
      if (!json.ok) return { ok: false, problem: { field: 'body', key: json.key } };
      body = json.text;
    } else {
      const encode = mode === 'form' ? encodeURIComponent : (v: string) => v;
      body = joinPieces(
        segs.map((s) =>
          'text' in s
            ? s.text
            : 'secret' in s
              ? note('body')({ secret: s.secret, encoding: mode === 'form' ? 'url' : 'raw' })
              : encode(resolve.render(s.placeholder)),
        ),
      );
    }
  }
  return { ok: true, request: { url, headers, body, secrets } };
}

/** A resolver for checks before running: every placeholder is empty. */
export const EMPTY_RESOLVER: Resolver = { render: () => '', value: () => undefined };

type Zone = 'base' | 'authority' | 'path' | 'query' | 'fragment';

/** Null when a secret sits anywhere but the query (a path or host is logged and shown everywhere). */
function buildUrl(
  segs: TemplateSegment[],
  resolve: Resolver,
  note: (s: HttpSecretRef) => HttpSecretRef,
): HttpText | null {
  const pieces: Piece[] = [];
  const first = segs[0];
  const scheme = first && 'text' in first ? /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(first.text) : null;
  let zone: Zone = scheme ? 'authority' : first && 'placeholder' in first ? 'base' : 'path';
  for (const [i, s] of segs.entries()) {
    if ('text' in s) {
      const start = i === 0 && scheme ? scheme[0].length : 0;
      for (const ch of s.text.slice(start)) zone = nextZone(zone, ch);
      pieces.push(s.text);
    } else if ('secret' in s) {
      if (zone !== 'query') return null;
      pieces.push(note({ secret: s.secret, encoding: 'url' }));
    } else if (zone === 'base' && i === 0) {
      // The whole base URL from a variable: the activity refuses it unless it is an allowed http(s) URL.
      pieces.push(stripControl(resolve.render(s.placeholder)).trim());
      zone = 'path';
    } else {
      pieces.push(encodeURIComponent(resolve.render(s.placeholder)));
    }
  }
  return joinPieces(pieces);
}

function nextZone(zone: Zone, ch: string): Zone {
  if (ch === '#' && zone !== 'fragment') return 'fragment';
  if (ch === '?' && (zone === 'authority' || zone === 'path' || zone === 'base')) return 'query';
  if (ch === '/' && (zone === 'authority' || zone === 'base')) return 'path';
  return zone;
}

function contentTypeOf(headers: Header[]): string | null {
  return headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? null;
}

/** JSON unless the designer said otherwise: by Content-Type, or by a body that opens like JSON. */
export function bodyMode(body: string, contentType: string | null): 'json' | 'form' | 'text' {
  if (contentType !== null) {
    if (/json/i.test(contentType)) return 'json';
    if (/x-www-form-urlencoded/i.test(contentType)) return 'form';
    return 'text';
  }
  return /^\s*[[{]/.test(body) ? 'json' : 'text';
}

// Private-use characters mark where placeholders were while the designer's JSON is parsed.
const IN_STRING = /\uE000(\d+)\uE001/g;
const WHOLE_VALUE = /^\uE002(\d+)\uE003$/;
const MARKERS = /[\uE000-\uE003]|\\u[eE]00[0-3]/;

function buildJson(
  segs: TemplateSegment[],
  resolve: Resolver,
  note: (s: HttpSecretRef) => HttpSecretRef,
): { ok: true; text: HttpText } | { ok: false; key: 'jsonBody' | 'secretPlace' } {
  const slots: Exclude<TemplateSegment, { text: string }>[] = [];
  let marked = '';
  let inString = false;
  let escaped = false;
  for (const s of segs) {
    if ('text' in s) {
      if (MARKERS.test(s.text)) return { ok: false, key: 'jsonBody' };
      for (const ch of s.text) {
        if (escaped) escaped = false;
        else if (inString && ch === '\\') escaped = true;
        else if (ch === '"') inString = !inString;
      }
      marked += s.text;
    } else {
      const n = slots.push(s) - 1;
      marked += inString ? `\uE000${n}\uE001` : `"\uE002${n}\uE003"`;
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(marked);
  } catch {
    return { ok: false, key: 'jsonBody' };
  }
  const pieces: Piece[] = [];
  const stringPieces = (text: string, allowSecrets: boolean): boolean => {
    pieces.push('"');
    let at = 0;
    for (const m of text.matchAll(IN_STRING)) {
      pieces.push(jsonInner(text.slice(at, m.index)));
      const slot = slots[Number(m[1])];
      if (slot && 'secret' in slot) {
        if (!allowSecrets) return false;
        pieces.push(note({ secret: slot.secret, encoding: 'json-string' }));
      } else if (slot) pieces.push(jsonInner(resolve.render(slot.placeholder)));
      at = m.index + m[0].length;
    }
    pieces.push(jsonInner(text.slice(at)), '"');
    return true;
  };
  const walk = (value: unknown): boolean => {
    if (typeof value === 'string') {
      const whole = WHOLE_VALUE.exec(value);
      const slot = whole ? slots[Number(whole[1])] : undefined;
      if (!slot) return stringPieces(value, true);
      if ('secret' in slot) pieces.push(note({ secret: slot.secret, encoding: 'json' }));
      else if (slot.filtered) pieces.push(JSON.stringify(resolve.render(slot.placeholder)));
      else pieces.push(jsonValue(resolve.value(slot.path)));
      return true;
    }
    if (Array.isArray(value)) {
      pieces.push('[');
      for (const [i, item] of value.entries()) {
        if (i > 0) pieces.push(',');
        if (!walk(item)) return false;
      }
      pieces.push(']');
      return true;
    }
    if (value !== null && typeof value === 'object') {
      pieces.push('{');
      for (const [i, [key, item]] of Object.entries(value).entries()) {
        if (i > 0) pieces.push(',');
        // A key is the designer's; a variable in it is encoded, a secret is refused (keys get logged).
        const whole = WHOLE_VALUE.exec(key);
        const slot = whole ? slots[Number(whole[1])] : undefined;
        if (slot && 'secret' in slot) return false;
        if (slot) pieces.push(JSON.stringify(resolve.render(slot.placeholder)));
        else if (!stringPieces(key, false)) return false;
        pieces.push(':');
        if (!walk(item)) return false;
      }
      pieces.push('}');
      return true;
    }
    pieces.push(JSON.stringify(value));
    return true;
  };
  if (!walk(parsed)) return { ok: false, key: 'secretPlace' };
  return { ok: true, text: joinPieces(pieces) };
}

/** A variable as a JSON value: missing is null, anything else as JSON writes it. */
function jsonValue(value: unknown): string {
  return JSON.stringify(value ?? null) ?? 'null';
}

function jsonInner(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** Adjacent literal pieces as one; a request with no secret is a plain string. */
function joinPieces(pieces: Piece[]): HttpText {
  const out: Piece[] = [];
  for (const p of pieces) {
    const last = out.at(-1);
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else if (p !== '') out.push(p);
  }
  if (out.length === 0) return '';
  const [only] = out;
  return out.length === 1 && typeof only === 'string' ? only : out;
}

/**
 * The part of ICU MessageFormat the compiler's problem catalog uses: `{name}`, `{n, plural, =1 {…}
 * one {# …} other {# …}}`, `{k, select, a {…} other {…}}` and apostrophe quoting, formatted the way
 * next-intl formats the app's catalogs (a test holds them equal). Hand-written because the catalog is
 * read by pure code that also loads inside the workflow sandbox, where a full ICU library would be
 * evaluated for every execution and never used.
 */
export type MessageParams = Record<string, string | number>;

export function formatMessage(message: string, params: MessageParams, locale: string): string {
  return render(parse(message), params, locale, null);
}

type Part =
  | string
  | { arg: string }
  | { arg: string; kind: 'plural' | 'select'; options: Map<string, Part[]> }
  | { pound: true };

const cache = new Map<string, Part[]>();

function parse(message: string): Part[] {
  const hit = cache.get(message);
  if (hit) return hit;
  const reader = { text: message, at: 0 };
  const parts = parseParts(reader, false);
  if (reader.at < message.length) throw new Error(`unbalanced "}" in message: ${message}`);
  cache.set(message, parts);
  return parts;
}

function parseParts(r: { text: string; at: number }, nested: boolean): Part[] {
  const parts: Part[] = [];
  let literal = '';
  while (r.at < r.text.length) {
    const c = r.text[r.at];
    if (c === "'") {
      const next = r.text[r.at + 1];
      if (next === "'") {
        literal += "'";
        r.at += 2;
      } else if (next === '{' || next === '}' || (nested && next === '#')) {
        const end = r.text.indexOf("'", r.at + 1);
        literal += r.text.slice(r.at + 1, end === -1 ? undefined : end).replaceAll("''", "'");
        r.at = end === -1 ? r.text.length : end + 1;
      } else {
        literal += "'";
        r.at++;
      }
    } else if (c === '{') {
      if (literal) parts.push(literal);
      literal = '';
      r.at++;
      parts.push(parseArgument(r));
    } else if (c === '}') {
      break;
    } else if (c === '#' && nested) {
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ pound: true });
      r.at++;
    } else {
      literal += c;
      r.at++;
    }
  }
  if (literal) parts.push(literal);
  return parts;
}

function parseArgument(r: { text: string; at: number }): Part {
  const close = r.text.indexOf('}', r.at);
  const head = r.text.slice(r.at, close === -1 ? undefined : close);
  const comma = head.indexOf(',');
  if (comma === -1) {
    r.at = close + 1;
    return { arg: head.trim() };
  }
  const arg = head.slice(0, comma).trim();
  const rest = r.text.slice(r.at + comma + 1);
  const kindMatch = /^\s*(plural|select)\s*,/.exec(rest);
  if (!kindMatch?.[1]) throw new Error(`unsupported argument in message: ${r.text}`);
  const kind = kindMatch[1] === 'plural' ? 'plural' : 'select';
  r.at += comma + 1 + kindMatch[0].length;
  const options = new Map<string, Part[]>();
  for (;;) {
    const selector = /^\s*([^\s{}]+)\s*\{/.exec(r.text.slice(r.at));
    if (!selector?.[1]) break;
    r.at += selector[0].length;
    options.set(selector[1], parseParts(r, kind === 'plural'));
    if (r.text[r.at] !== '}') throw new Error(`unclosed option in message: ${r.text}`);
    r.at++;
  }
  const end = /^\s*\}/.exec(r.text.slice(r.at));
  if (!end) throw new Error(`unclosed argument in message: ${r.text}`);
  r.at += end[0].length;
  return { arg, kind, options };
}

const pluralRules = new Map<string, Intl.PluralRules>();

function render(parts: Part[], params: MessageParams, locale: string, count: number | null): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else if ('pound' in part) out += count === null ? '#' : formatNumber(count, locale);
    else if (!('kind' in part)) {
      // As next-intl does: a plain argument is its text; only plural's # is a formatted number.
      const value = params[part.arg];
      out += value === undefined ? `{${part.arg}}` : String(value);
    } else if (part.kind === 'select') {
      const chosen = part.options.get(String(params[part.arg])) ?? part.options.get('other') ?? [];
      out += render(chosen, params, locale, count);
    } else {
      const n = Number(params[part.arg]);
      let rules = pluralRules.get(locale);
      if (!rules) {
        rules = new Intl.PluralRules(locale);
        pluralRules.set(locale, rules);
      }
      const chosen =
        part.options.get(`=${n}`) ?? part.options.get(rules.select(n)) ?? part.options.get('other') ?? [];
      out += render(chosen, params, locale, n);
    }
  }
  return out;
}

function formatNumber(n: number, locale: string): string {
  return n.toLocaleString(locale);
}

/**
 * The server explains a refused import in English (it is also an API answer); the designer reads
 * it in their language. Each known reason maps to a catalog key with its parameters.
 */
const REASONS: { pattern: RegExp; key: string; params: (m: RegExpMatchArray) => Record<string, string> }[] = [
  { pattern: /^The file is larger than (\S+) MB/, key: 'tooLarge', params: (m) => ({ mb: m[1] ?? '' }) },
  { pattern: /^Forbidden key "(.*)"/, key: 'forbiddenKey', params: (m) => ({ key: m[1] ?? '' }) },
  { pattern: /^A text in the file is too long/, key: 'textTooLong', params: () => ({}) },
  { pattern: /^The file is not valid JSON/, key: 'notJson', params: () => ({}) },
  { pattern: /^Not a Cauce flow export/, key: 'notCauce', params: () => ({}) },
  {
    pattern: /^Invalid graph at ([^:]*): ?(.*)$/s,
    key: 'invalidGraph',
    params: (m) => ({ path: m[1] ?? '', detail: m[2] ?? '' }),
  },
  { pattern: /^Duplicate node id "(.*)"/, key: 'duplicateNode', params: (m) => ({ id: m[1] ?? '' }) },
  { pattern: /^Unknown node type "(.*)"/, key: 'unknownKind', params: (m) => ({ kind: m[1] ?? '' }) },
  { pattern: /^Node "(.*)" is too large/, key: 'nodeTooLarge', params: (m) => ({ id: m[1] ?? '' }) },
  { pattern: /^Duplicate connection id "(.*)"/, key: 'duplicateEdge', params: (m) => ({ id: m[1] ?? '' }) },
  {
    pattern: /^Invalid scenario at ([^:]*): ?(.*)$/s,
    key: 'invalidScenario',
    params: (m) => ({ path: m[1] ?? '', detail: m[2] ?? '' }),
  },
  {
    pattern: /^Duplicate scenario name "(.*)"/,
    key: 'duplicateScenario',
    params: (m) => ({ name: m[1] ?? '' }),
  },
];

type ImportReason = { key: string; params: Record<string, string> };

/** The catalog key (under editorTools.importReasons) for a server reason; `unknown` keeps the original text. */
export function importReasonOf(message: string): ImportReason {
  for (const r of REASONS) {
    const m = message.match(r.pattern);
    if (m) return { key: r.key, params: r.params(m) };
  }
  return { key: 'unknown', params: { detail: message } };
}

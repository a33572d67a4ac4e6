/**
 * A small checker of TwiML for voice, for tests: parses the XML (without the SDK that wrote it)
 * and applies TwiML's rules for the verbs Cauce emits — allowed verbs, nesting, attributes and
 * their values, content — and that every document ends in control (hangs up, redirects, or hands
 * the call back to an action URL).
 */

export type XmlElement = { name: string; attributes: Record<string, string>; children: XmlNode[] };
export type XmlNode = XmlElement | { text: string };

type Check = (value: string) => boolean;
type VerbRule = {
  attributes: Record<string, Check>;
  /** 'none': empty; 'text': text only (required unless optionalText); a list: those child verbs. */
  content: 'none' | 'text' | readonly string[];
  text?: Check;
  optionalText?: boolean;
};

const absoluteUrl: Check = (v) => /^https?:\/\/[^\s]+$/.test(v);
const method: Check = (v) => v === 'GET' || v === 'POST';
const bool: Check = (v) => v === 'true' || v === 'false';
const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (v) =>
    /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max;
const language: Check = (v) => /^[a-z]{2,3}-[A-Z]{2}$/.test(v);
const e164: Check = (v) => /^\+[1-9]\d{6,14}$/.test(v);

export const VOICE_VERBS: Record<string, VerbRule> = {
  Say: {
    attributes: {
      voice: (v) => /^(Polly|Google)\.[\w.-]+$|^(man|woman|alice)$/.test(v),
      language,
      loop: int(0),
    },
    content: 'text',
    text: (t) => t.trim().length > 0 && t.length <= 4096,
  },
  Play: {
    attributes: { loop: int(0), digits: (v) => /^[\dwW*#]+$/.test(v) },
    content: 'text',
    text: absoluteUrl,
  },
  Pause: { attributes: { length: int(1) }, content: 'none' },
  Gather: {
    attributes: {
      action: absoluteUrl,
      method,
      input: (v) => v.split(' ').every((t) => t === 'dtmf' || t === 'speech') && v.length > 0,
      timeout: int(1, 600),
      numDigits: int(1),
      finishOnKey: (v) => /^[\d#*]?$/.test(v),
      hints: (v) => v.length <= 10_000,
      language,
      actionOnEmptyResult: bool,
      bargeIn: bool,
      speechTimeout: (v) => v === 'auto' || int(1)(v),
    },
    content: ['Say', 'Play', 'Pause'],
  },
  Record: {
    attributes: {
      action: absoluteUrl,
      method,
      timeout: int(0),
      finishOnKey: (v) => /^[\d#*]*$/.test(v),
      maxLength: int(1, 14_400),
      playBeep: bool,
      trim: (v) => v === 'trim-silence' || v === 'do-not-trim',
      recordingStatusCallback: absoluteUrl,
      recordingStatusCallbackMethod: method,
      recordingStatusCallbackEvent: (v) =>
        v.split(' ').every((e) => ['in-progress', 'completed', 'absent'].includes(e)),
    },
    content: 'none',
  },
  Enqueue: {
    attributes: {
      action: absoluteUrl,
      method,
      waitUrl: absoluteUrl,
      waitUrlMethod: method,
      maxQueueSize: int(1),
    },
    content: 'text',
    text: (t) => t.trim().length > 0 && t.length <= 64,
  },
  Dial: {
    attributes: {
      action: absoluteUrl,
      method,
      timeout: int(5, 600),
      callerId: e164,
      timeLimit: int(1),
      hangupOnStar: bool,
      answerOnBridge: bool,
    },
    content: 'text',
    text: e164,
  },
  Hangup: { attributes: {}, content: 'none' },
  Redirect: { attributes: { method }, content: 'text', text: absoluteUrl },
  Reject: { attributes: { reason: (v) => v === 'busy' || v === 'rejected' }, content: 'none' },
};

/** Verbs that hand the call back to an action URL when they finish. */
const HANDS_BACK = new Set(['Gather', 'Record', 'Enqueue', 'Dial']);
const ENDS = new Set(['Hangup', 'Redirect', 'Reject']);

/** Problems found in a voice TwiML document; an empty list means it follows the rules. */
export function checkVoiceTwiml(xml: string): string[] {
  const problems: string[] = [];
  if (!xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) problems.push('missing XML declaration');
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (err) {
    return [...problems, `not well-formed XML: ${err instanceof Error ? err.message : String(err)}`];
  }
  if (root.name !== 'Response') problems.push(`root is <${root.name}>, not <Response>`);
  if (Object.keys(root.attributes).length > 0) problems.push('<Response> takes no attributes');
  const verbs = elementsOf(root, problems, 'Response');
  verbs.forEach((verb, i) => {
    checkVerb(verb, problems, 'Response');
    if (ENDS.has(verb.name) && i < verbs.length - 1)
      problems.push(`<${verb.name}> is followed by unreachable verbs`);
  });
  const last = verbs.at(-1);
  const endsInControl =
    last !== undefined && (ENDS.has(last.name) || (HANDS_BACK.has(last.name) && 'action' in last.attributes));
  if (verbs.length > 0 && !endsInControl)
    problems.push(`the document ends with <${last?.name}>, which neither hangs up nor hands the call back`);
  return problems;
}

function checkVerb(el: XmlElement, problems: string[], parent: string): void {
  const rule = VOICE_VERBS[el.name];
  if (!rule) {
    problems.push(`<${el.name}> is not a voice verb (in <${parent}>)`);
    return;
  }
  for (const [name, value] of Object.entries(el.attributes)) {
    const check = rule.attributes[name];
    if (!check) problems.push(`<${el.name}> has no attribute ${name}`);
    else if (!check(value)) problems.push(`<${el.name} ${name}="${value}"> is not a valid value`);
  }
  const text = el.children.flatMap((c) => ('text' in c ? [c.text] : [])).join('');
  const children = el.children.flatMap((c) => ('name' in c ? [c] : []));
  if (rule.content === 'none') {
    if (children.length > 0 || text.trim()) problems.push(`<${el.name}> must be empty`);
  } else if (rule.content === 'text') {
    if (children.length > 0) problems.push(`<${el.name}> takes text, not <${children[0]?.name}>`);
    if (!(rule.optionalText && !text) && rule.text && !rule.text(text))
      problems.push(`<${el.name}> has invalid content "${text}"`);
  } else {
    if (text.trim()) problems.push(`<${el.name}> takes no text`);
    for (const child of children) {
      if (!rule.content.includes(child.name))
        problems.push(`<${child.name}> cannot be nested in <${el.name}>`);
      else checkVerb(child, problems, el.name);
    }
  }
}

function elementsOf(el: XmlElement, problems: string[], where: string): XmlElement[] {
  return el.children.flatMap((c) => {
    if ('name' in c) return [c];
    if (c.text.trim()) problems.push(`text "${c.text.trim()}" directly in <${where}>`);
    return [];
  });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[\da-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    const known = ENTITIES[name];
    if (known === undefined) throw new Error(`unknown entity ${whole}`);
    return known;
  });
}

/** A minimal XML parser (elements, double- or single-quoted attributes, text, entities). */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const body = xml.replace(/^<\?xml[^?]*\?>/, '');
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i}`);
  };
  const parseElement = (): XmlElement => {
    const open = /^<([A-Za-z][\w:.-]*)/.exec(body.slice(i));
    if (!open?.[1]) return fail('expected an element');
    const name = open[1];
    i += open[0].length;
    const attributes: Record<string, string> = {};
    for (;;) {
      const attr = /^\s+([A-Za-z][\w:.-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(body.slice(i));
      if (!attr?.[1]) break;
      if (attr[1] in attributes) fail(`duplicate attribute ${attr[1]}`);
      attributes[attr[1]] = decode(attr[3] ?? attr[4] ?? '');
      i += attr[0].length;
    }
    const end = /^\s*(\/?)>/.exec(body.slice(i));
    if (!end) return fail(`malformed tag <${name}>`);
    i += end[0].length;
    const element: XmlElement = { name, attributes, children: [] };
    if (end[1] === '/') return element;
    for (;;) {
      if (i >= body.length) fail(`<${name}> is not closed`);
      if (body.startsWith('</', i)) {
        const close = /^<\/([A-Za-z][\w:.-]*)\s*>/.exec(body.slice(i));
        if (close?.[1] !== name) fail(`expected </${name}>`);
        i += close?.[0].length ?? 0;
        return element;
      }
      if (body.startsWith('<!', i) || body.startsWith('<?', i))
        fail('comments, CDATA and PIs are not expected');
      if (body[i] === '<') element.children.push(parseElement());
      else {
        const next = body.indexOf('<', i);
        const raw = body.slice(i, next === -1 ? body.length : next);
        element.children.push({ text: decode(raw) });
        i += raw.length;
      }
    }
  };
  while (/\s/.test(body[i] ?? '')) i++;
  const root = parseElement();
  if (body.slice(i).trim()) fail('content after the root element');
  return root;
}

/** The verbs of a document, in order, for assertions (`[['Say', {…}, 'Hola'], …]` style lookups). */
export function verbsOf(
  xml: string,
): { name: string; attributes: Record<string, string>; text: string; children: XmlElement[] }[] {
  return parseXml(xml).children.flatMap((c) =>
    'name' in c
      ? [
          {
            name: c.name,
            attributes: c.attributes,
            text: c.children.flatMap((n) => ('text' in n ? [n.text] : [])).join(''),
            children: c.children.flatMap((n) => ('name' in n ? [n] : [])),
          },
        ]
      : [],
  );
}

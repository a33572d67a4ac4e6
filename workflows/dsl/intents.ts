/**
 * Offline intent classifier for short Spanish (es-AR) texts: what a citizen writes or says to a
 * contact center. Pure and deterministic (it runs inside the workflow), no model and no service:
 * each intent is scored by its closest example, comparing stemmed words and character trigrams.
 */
type IntentExamples = { id: string; examples: readonly string[] };
type IntentScore = { id: string; score: number };
type Classification = { intent: string | null; score: number; scores: IntentScore[] };

/** Weight of whole-word overlap against trigram overlap (which forgives typos and inflections). */
const TOKEN_WEIGHT = 0.6;

export function classifyIntent(
  text: string,
  intents: readonly IntentExamples[],
  threshold: number,
): Classification {
  const query = featurize(text);
  const scores = intents.map((intent) => ({
    id: intent.id,
    score: round(Math.max(0, ...intent.examples.map((e) => similarity(query, featurize(e))))),
  }));
  // Ties go to the intent listed first: the designer's order is the tie-break.
  let best: IntentScore | null = null;
  for (const s of scores) if (best === null || s.score > best.score) best = s;
  if (best === null || best.score <= 0 || best.score < threshold) {
    return { intent: null, score: best?.score ?? 0, scores };
  }
  return { intent: best.id, score: best.score, scores };
}

type Features = { tokens: Map<string, number>; trigrams: Map<string, number> };

function featurize(text: string): Features {
  const words = contentWords(text);
  const tokens = new Map<string, number>();
  const trigrams = new Map<string, number>();
  for (const word of words) {
    add(tokens, fold(stem(word)));
    const padded = `#${fold(word)}#`;
    for (let i = 0; i + 3 <= padded.length; i++) add(trigrams, padded.slice(i, i + 3));
  }
  return { tokens, trigrams };
}

function similarity(a: Features, b: Features): number {
  return TOKEN_WEIGHT * cosine(a.tokens, b.tokens) + (1 - TOKEN_WEIGHT) * cosine(a.trigrams, b.trigrams);
}

/** Lowercase, no accents or punctuation, no stopwords, no numbers (a DNI says nothing of intent). */
export function contentWords(text: string): string[] {
  return normalizeText(text)
    .split(' ')
    .filter((w) => w !== '' && !STOPWORDS.has(w) && !/^\d+$/.test(w));
}

export function normalizeText(text: string): string {
  return text
    .toLocaleLowerCase('es-AR')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/(\p{L})\1{2,}/gu, '$1') // "holaaaa", "turnooo"
    .trim();
}

const ENCLITIC = /(ar|er|ir)(me|te|se|nos|lo|la|le|los|las|les)$/;
/** Gender and common verb endings, longest first, once the plural is gone; a stem keeps 3 letters. */
const SUFFIXES = [
  'amiento',
  'imiento',
  'acion',
  'icion',
  'mente',
  'iendo',
  'ando',
  'ieron',
  'aron',
  'aban',
  'ado',
  'ada',
  'ido',
  'ida',
  'aba',
  'an',
  'en',
  'ar',
  'er',
  'ir',
  'o',
  'a',
  'e',
];

/** Light Spanish stemming: plural, gender and common verb endings ("reclamos", "reclamar" → "reclam"). */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  let w = word.replace(ENCLITIC, '$1');
  // Plural first, so "reclamos" loses its "s" and not a verb ending ("-amos").
  if (w.endsWith('ces') && w.length > 4) w = `${w.slice(0, -3)}z`;
  else if (/[lnrdjy]es$/.test(w) && w.length > 4) w = w.slice(0, -2);
  else if (/[aeiou]s$/.test(w)) w = w.slice(0, -1);
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) return w.slice(0, -suffix.length);
  }
  return w;
}

/** Spellings people mix up when typing fast: b/v, s/z/c(e,i), ll/y, silent h. */
function fold(word: string): string {
  return word
    .replace(/v/g, 'b')
    .replace(/z/g, 's')
    .replace(/c([ei])/g, 's$1')
    .replace(/ll/g, 'y')
    .replace(/(^|[^c])h/g, '$1');
}

function add(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let dot = 0;
  for (const [k, v] of a) dot += v * (b.get(k) ?? 0);
  if (dot === 0) return 0;
  return dot / (norm(a) * norm(b));
}

function norm(m: Map<string, number>): number {
  let sum = 0;
  for (const v of m.values()) sum += v * v;
  return Math.sqrt(sum);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * Function words, greetings and the request verbs every intent shares ("quiero", "necesito"):
 * they would make all intents look alike. Accent-free, as normalizeText leaves words.
 */
const STOPWORDS = new Set([
  'a',
  'aca',
  'ahi',
  'al',
  'algo',
  'algun',
  'alguna',
  'alguno',
  'alla',
  'ante',
  'aqui',
  'asi',
  'buen',
  'buena',
  'buenas',
  'bueno',
  'buenos',
  'como',
  'con',
  'cual',
  'cuando',
  'de',
  'del',
  'desde',
  'dia',
  'dias',
  'donde',
  'e',
  'el',
  'ella',
  'en',
  'entre',
  'es',
  'esa',
  'ese',
  'eso',
  'esta',
  'estas',
  'este',
  'esto',
  'estoy',
  'favor',
  'gracias',
  'hacer',
  'hay',
  'hola',
  'k',
  'la',
  'las',
  'le',
  'les',
  'lo',
  'los',
  'me',
  'mi',
  'mis',
  'muy',
  'necesitaria',
  'necesito',
  'no',
  'noches',
  'nos',
  'o',
  'para',
  'pero',
  'podes',
  'podria',
  'podrian',
  'por',
  'porque',
  'pq',
  'puedo',
  'q',
  'que',
  'queria',
  'quiero',
  'quisiera',
  'se',
  'si',
  'sin',
  'sobre',
  'su',
  'sus',
  'tambien',
  'tardes',
  'tb',
  'te',
  'tengo',
  'tmb',
  'tu',
  'un',
  'una',
  'uno',
  'unos',
  'vos',
  'x',
  'xq',
  'y',
  'ya',
  'yo',
]);

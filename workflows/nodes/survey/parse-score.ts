export type SurveyScale = 'csat' | 'nps';

export const SCALE_RANGE: Record<SurveyScale, { min: number; max: number }> = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
};

const NUMBER_WORDS: Record<string, number> = {
  cero: 0,
  un: 1,
  uno: 1,
  una: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
};
// "Le pongo un cinco": the article only counts when no other number was said.
const ARTICLES = new Set(['un', 'una']);

/**
 * The score in a typed, spoken or written answer ("5", "cinco", "le pongo un 4", "10/10"), or null
 * when there is none, it is out of the scale's range, or the answer names two different numbers.
 */
export function parseScore(answer: string, scale: SurveyScale): number | null {
  const words = answer
    .toLocaleLowerCase('es-AR')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const numbers: number[] = [];
  const articles: number[] = [];
  for (const w of words) {
    if (/^\d{1,2}$/.test(w)) numbers.push(Number(w));
    else if (/^\d+$/.test(w)) return null;
    else if (ARTICLES.has(w)) articles.push(1);
    else {
      const n = Object.hasOwn(NUMBER_WORDS, w) ? NUMBER_WORDS[w] : undefined;
      if (n !== undefined) numbers.push(n);
    }
  }
  const found = new Set(numbers.length > 0 ? numbers : articles);
  if (found.size !== 1) return null;
  const [score] = [...found];
  const range = SCALE_RANGE[scale];
  return score !== undefined && score >= range.min && score <= range.max ? score : null;
}

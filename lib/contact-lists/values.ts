/** "12.345.678", "12 345 678", "5123456" → digits; null unless 7 or 8 digits (leading zeros dropped). */
export function parseDni(value: string): string | null {
  if (!/^[\d.\s-]+$/.test(value)) return null;
  const digits = value.replace(/\D/g, '').replace(/^0+/, '');
  return /^\d{7,8}$/.test(digits) ? digits : null;
}

// Deliberately loose: the mail server is the judge; this only catches what cannot be an address.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lowercase trimmed address, or null when it cannot be one. */
export function parseEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
}

/**
 * dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or yyyy-mm-dd → yyyy-mm-dd; null for anything
 * else and for dates that do not exist (31/02/2025).
 */
export function parseDate(value: string): string | null {
  const v = value.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  const ar = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : ar ? [ar[3], ar[2], ar[1]] : [];
  if (!y || !m || !d) return null;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (year < 1900 || year > 2200) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** "1.234,5" (es-AR), "1234.5", "1234,5", "-3" → a number; null otherwise. */
export function parseNumber(value: string): number | null {
  const v = value.trim().replace(/\s/g, '');
  let normal: string | null = null;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(v)) normal = v.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+([.,]\d+)?$/.test(v)) normal = v.replace(',', '.');
  if (normal === null) return null;
  const n = Number(normal);
  return Number.isFinite(n) ? n : null;
}

const TRUE = new Set(['si', 'sí', 's', 'yes', 'y', 'true', 'verdadero', '1', 'x']);
const FALSE = new Set(['no', 'n', 'false', 'falso', '0']);

export function parseBoolean(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return null;
}

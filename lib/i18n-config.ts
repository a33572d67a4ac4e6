export const LOCALES = ['es-AR', 'en'] as const;
type Locale = (typeof LOCALES)[number];
const DEFAULT_LOCALE: Locale = 'es-AR';
export const LOCALE_COOKIE = 'NEXT_LOCALE';
export const TIME_ZONE = 'America/Argentina/Cordoba';

export function toLocale(value: string | undefined | null): Locale {
  return LOCALES.find((l) => l === value) ?? DEFAULT_LOCALE;
}

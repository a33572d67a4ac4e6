import { createTranslator } from 'use-intl/core';
import { toLocale } from '@/lib/i18n-config';
import en from '@/server/i18n/messages/en.json';
import esAR from '@/server/i18n/messages/es-AR.json';

// Spoken to callers (es-MX voice; Twilio has no es-AR one). The caller's language is the
// organismo's, not the signed-in user's: es-AR (the default locale) unless one is known.
const CATALOGS = { 'es-AR': esAR, en } as const;

export type CallerMessage = 'numberUnavailable' | 'sorryWait' | 'sorryError';

/** A caller-facing message from the catalogs (namespace `caller`), in `locale` (else es-AR). */
export function callerMessage(key: CallerMessage, locale?: string | null): string {
  const lang = toLocale(locale);
  return createTranslator({ locale: lang, messages: CATALOGS[lang], namespace: 'caller' })(key);
}

/** A call to a number no published flow answers. */
export const NUMBER_UNAVAILABLE = callerMessage('numberUnavailable');
/** The engine did not answer in time; Twilio asks again (the retry is idempotent). */
export const SORRY_WAIT = callerMessage('sorryWait');
/** Something failed (the database or Temporal down, a timeout) and the call cannot go on. */
export const SORRY_ERROR = callerMessage('sorryError');

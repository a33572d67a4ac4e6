import { formatMessage, type MessageParams } from '../lib/i18n/format-message';
import esAR from '../lib/i18n/problems/es-AR.json';

type Catalog = typeof esAR;

/** A compiler problem's text as the Spanish UI shows it, read from the catalog rather than copied here. */
export function problemText<S extends keyof Catalog>(
  section: S,
  key: keyof Catalog[S] & string,
  params: MessageParams = {},
): string {
  const messages: Record<string, string> = esAR[section];
  const message = messages[key];
  if (message === undefined) throw new Error(`no problem message ${section}.${key}`);
  return formatMessage(message, params, 'es-AR');
}

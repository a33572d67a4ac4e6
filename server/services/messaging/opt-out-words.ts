/**
 * Words that unsubscribe a sender: Twilio's own list (it honours these itself on SMS long codes,
 * replying and blocking later sends with 21610) plus the Spanish ones Cauce's citizens write.
 */
export const OPT_OUT_WORDS: ReadonlySet<string> = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPTOUT',
  'REVOKE',
  'BAJA',
  'CANCELAR',
]);

/**
 * Words that subscribe again. Twilio also takes YES, but here "SI"/"YES" are ordinary answers a
 * waiting flow asks for ("¿Confirmás? Respondé SI"), so they are never swallowed as commands.
 */
export const OPT_IN_WORDS: ReadonlySet<string> = new Set(['ALTA', 'START', 'UNSTOP']);

export type MessageCommand = 'opt_out' | 'opt_in' | null;

/** Only a message that is just the word counts ("baja", "STOP."), as Twilio does; accents and case do not matter. */
export function messageCommand(body: string): MessageCommand {
  const word = normalizedWord(body);
  if (word === null) return null;
  if (OPT_OUT_WORDS.has(word)) return 'opt_out';
  if (OPT_IN_WORDS.has(word)) return 'opt_in';
  return null;
}

/** The first word of a message, upper-case letters and digits only: what keyword bindings are keyed by. */
export function firstKeyword(body: string): string | null {
  const first = body.trim().split(/\s+/)[0] ?? '';
  const word = first.replace(/[^\p{L}\p{N}]/gu, '').toLocaleUpperCase('es-AR');
  return word && word.length <= 30 ? word : null;
}

function normalizedWord(body: string): string | null {
  const text = body
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .replace(/[\s.!¡?¿,;:]+$/u, '')
    .replace(/^[¡¿]+/u, '')
    .toUpperCase();
  return text && !/\s/.test(text) ? text : null;
}

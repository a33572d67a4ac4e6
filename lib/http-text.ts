import type { HttpSecretRef, HttpText } from './contracts/engine-activities';

/** The pieces of a request text, a plain string being one literal piece. */
export function httpTextPieces(text: HttpText): (string | HttpSecretRef)[] {
  return typeof text === 'string' ? [text] : text;
}

/** The secrets a request text refers to, by name. */
export function httpTextSecrets(text: HttpText | null): string[] {
  return text === null ? [] : httpTextPieces(text).flatMap((p) => (typeof p === 'string' ? [] : [p.secret]));
}

/**
 * The text as the trace and the test phone show it: each secret stays the reference the designer
 * wrote (`{{secret.NAME}}`), never its value.
 */
export function maskedHttpText(text: HttpText): string {
  return httpTextPieces(text)
    .map((p) => (typeof p === 'string' ? p : `{{secret.${p.secret}}}`))
    .join('');
}

/**
 * A header value without C0 control characters or DEL: CR/LF would start another header, and the
 * rest has no business in one. The workflow applies it to rendered text, the activity to secrets.
 */
export function stripControl(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return text.replace(/[\u0000-\u001f\u007f]/g, '');
}

/** True for a time zone the runtime knows (an IANA name such as America/Argentina/Cordoba). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

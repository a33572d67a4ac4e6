// Spoken to callers (es-MX voice; Twilio has no es-AR one), in a Spanish neutral enough for any
// caller. Not in the UI catalogs: the app's locale is the user's, not the caller's.

/** A call to a number no published flow answers. */
export const NUMBER_UNAVAILABLE = 'El número al que llamaste no está disponible. Gracias.';
/** The engine did not answer in time; Twilio asks again (the retry is idempotent). */
export const SORRY_WAIT = 'Disculpe la demora. Un momento, por favor.';
/** Something failed and the call cannot go on. */
export const SORRY_ERROR =
  'Lo sentimos, no podemos atender tu llamada en este momento. Por favor, volvé a llamar más tarde.';

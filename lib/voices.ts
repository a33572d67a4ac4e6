/** Twilio has no es-AR voice: the organismo picks a Spanish one (Amazon Polly through Twilio). */
export const VOICES = [
  { id: 'Polly.Mia-Neural', language: 'es-MX', label: 'Mia (México)' },
  { id: 'Polly.Lupe-Neural', language: 'es-US', label: 'Lupe (EE. UU.)' },
  { id: 'Polly.Pedro-Neural', language: 'es-US', label: 'Pedro (EE. UU.)' },
  { id: 'Polly.Lucia-Neural', language: 'es-ES', label: 'Lucía (España)' },
  { id: 'Polly.Sergio-Neural', language: 'es-ES', label: 'Sergio (España)' },
] as const;
export const VOICE_IDS = [
  'Polly.Mia-Neural',
  'Polly.Lupe-Neural',
  'Polly.Pedro-Neural',
  'Polly.Lucia-Neural',
  'Polly.Sergio-Neural',
] as const;

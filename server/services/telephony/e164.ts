import { toE164 } from '@/lib/phone-number';
import { AppError } from '@/server/errors';

/** A number as Twilio dials it (E.164, without the spaces and dashes people type); INVALID_INPUT otherwise. */
export function requireE164(value: string): string {
  const number = toE164(value);
  if (!number) throw new AppError('INVALID_INPUT', 'Use an E.164 number, e.g. +543424000000');
  return number;
}

import { E164 } from '@/lib/phone-number';

/** The identifiers Twilio puts in its webhooks, each with the only shape Twilio gives it. */
const SID_FIELDS: Readonly<Record<string, RegExp>> = {
  AccountSid: /^AC[0-9a-f]{32}$/i,
  CallSid: /^CA[0-9a-f]{32}$/i,
  ParentCallSid: /^CA[0-9a-f]{32}$/i,
  MessageSid: /^(SM|MM)[0-9a-f]{32}$/i,
  SmsSid: /^(SM|MM)[0-9a-f]{32}$/i,
  SmsMessageSid: /^(SM|MM)[0-9a-f]{32}$/i,
  RecordingSid: /^RE[0-9a-f]{32}$/i,
};

/** The two ends of a call or message: E.164, with the channel prefix WhatsApp adds. */
const NUMBER_FIELDS = ['From', 'To'] as const;
/** What Twilio sends as From for a caller who withholds the number. */
const WITHHELD = /^(anonymous|restricted|unknown|private)$/i;

/**
 * The first field of a Twilio webhook form that cannot have come from Twilio (a SID of the wrong
 * shape, a number that is not E.164), or null. Pure and cheap: the webhooks check it before any
 * key, cache or database lookup, so a flood of made-up forms costs no query and no cache entry.
 * Only the fields present are checked; each route still requires the ones it needs.
 */
export function malformedTwilioField(params: Readonly<Record<string, string>>): string | null {
  for (const [field, shape] of Object.entries(SID_FIELDS)) {
    const value = params[field];
    if (value !== undefined && !shape.test(value)) return field;
  }
  for (const field of NUMBER_FIELDS) {
    const value = params[field];
    if (value === undefined) continue;
    const number = value.replace(/^whatsapp:/i, '');
    if (!E164.test(number) && !(field === 'From' && WITHHELD.test(number))) return field;
  }
  return null;
}

import { describe, expect, it } from 'vitest';
import { malformedTwilioField } from './twilio-form';

const HEX = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const call = {
  AccountSid: `AC${HEX}`,
  CallSid: `CA${HEX}`,
  From: '+5493425550101',
  To: '+543424000000',
};

describe('malformedTwilioField', () => {
  it('accepts the forms Twilio sends: SIDs of their shape, E.164 numbers, WhatsApp addresses, withheld callers', () => {
    expect(malformedTwilioField(call)).toBeNull();
    expect(malformedTwilioField({ ...call, From: 'anonymous' })).toBeNull();
    expect(
      malformedTwilioField({
        AccountSid: `AC${HEX.toUpperCase()}`,
        MessageSid: `MM${HEX}`,
        SmsSid: `SM${HEX}`,
        From: 'whatsapp:+5493425550101',
        To: 'whatsapp:+543424000000',
      }),
    ).toBeNull();
    expect(malformedTwilioField({ RecordingSid: `RE${HEX}`, AccountSid: `AC${HEX}` })).toBeNull();
    // Only what is present is checked: each route requires its own fields.
    expect(malformedTwilioField({})).toBeNull();
  });

  it.each([
    ['AccountSid', { AccountSid: `AC${'f'.repeat(20_000)}` }],
    ['AccountSid', { AccountSid: `AC${HEX.slice(1)}` }],
    ['AccountSid', { AccountSid: `SM${HEX}` }],
    ['CallSid', { CallSid: `CA${HEX}x` }],
    ['MessageSid', { MessageSid: `MG${HEX}` }],
    ['SmsSid', { SmsSid: '' }],
    ['RecordingSid', { RecordingSid: `RE${'g'.repeat(32)}` }],
    ['From', { From: '5493425550101' }],
    ['To', { To: 'anonymous' }],
    ['To', { To: '+54 342 400-0000' }],
    ['From', { From: `+54${'9'.repeat(20_000)}` }],
  ])('names %s in %j', (field, params) => {
    expect(malformedTwilioField({ ...call, ...params })).toBe(field);
  });
});

import type { PhoneKind } from './phone';
import { landlineForm, mobileForm } from './phone';

export type PhoneChannel = 'sms' | 'whatsapp' | 'voice';

/**
 * Why a phone cannot be used on a channel. LANDLINE_NO_SMS is what Twilio would answer with error
 * 21614 ("not a mobile number"): it is reported before the send instead.
 */
export type ChannelRefusal = 'LANDLINE_NO_SMS' | 'LANDLINE_NO_WHATSAPP';

export type ChannelAddress = { ok: true; address: string } | { ok: false; reason: ChannelRefusal };

/**
 * The form of a stored phone (E.164 as `parsePhone` gives it) that a channel needs: SMS and WhatsApp
 * reach only mobiles and need the 9; a landline is refused for them. A number that may be either is
 * tried as a mobile for messages and dialled as it was written (without the 9) for calls.
 */
export function channelAddress(phone: string, kind: PhoneKind, channel: PhoneChannel): ChannelAddress {
  if (channel === 'voice') {
    return { ok: true, address: kind === 'mobile' ? mobileForm(phone) : landlineForm(phone) };
  }
  if (kind === 'fixed') {
    return { ok: false, reason: channel === 'sms' ? 'LANDLINE_NO_SMS' : 'LANDLINE_NO_WHATSAPP' };
  }
  return { ok: true, address: mobileForm(phone) };
}

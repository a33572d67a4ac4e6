import 'server-only';
import type { AdapterChannel, ChannelAdapter } from './channel-adapter';

/**
 * One adapter per channel behind the single adapter the engine takes: with Twilio and no SMTP,
 * email still goes to the simulator's outbox. Each outbox row records the adapter that carried it.
 */
export function createCompositeAdapter(route: Record<AdapterChannel, ChannelAdapter>): ChannelAdapter {
  const names = [...new Set(Object.values(route).map((a) => a.name))];
  return {
    name: names.join('+'),
    nameFor: (channel) => route[channel].name,
    sendSms: (msg) => route.sms.sendSms(msg),
    sendWhatsApp: (msg) => route.whatsapp.sendWhatsApp(msg),
    sendEmail: (msg) => route.email.sendEmail(msg),
    placeCall: (req) => route.voice.placeCall(req),
  };
}

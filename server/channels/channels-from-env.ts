import type { Database } from '@/db';
import type { AdapterChannel, ChannelAdapter } from './channel-adapter';
import { createCompositeAdapter } from './composite';
import { createSimulatorAdapter } from './simulator';
import { createSmtpAdapter, smtpSettingsFromEnv } from './smtp-adapter';
import { createTwilioAdapter, twilioSettingsFromEnv } from './twilio-adapter';

export type ChannelMode = 'twilio' | 'smtp' | 'simulator';
export type ChannelModes = Record<AdapterChannel, ChannelMode>;

/**
 * Which adapter carries each channel: Twilio (SMS, WhatsApp, calls) when TWILIO_ACCOUNT_SID and
 * TWILIO_AUTH_TOKEN are set, SMTP (email) when SMTP_URL is set, the simulator for the rest.
 */
export function channelModes(env: Readonly<Record<string, string | undefined>> = process.env): ChannelModes {
  const phone: ChannelMode = twilioSettingsFromEnv(env) ? 'twilio' : 'simulator';
  return {
    sms: phone,
    whatsapp: phone,
    voice: phone,
    email: smtpSettingsFromEnv(env) ? 'smtp' : 'simulator',
  };
}

/**
 * The adapter the worker sends through, per channelModes. Every send still records its
 * outbound_message row (send-message.ts claims it before any adapter runs), and test runs
 * (`test: true`) always use the simulator, whatever this returns.
 */
export function channelsFromEnv(
  db: Database,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ChannelAdapter {
  const modes = channelModes(env);
  const simulator = createSimulatorAdapter(db);
  const twilioSettings = twilioSettingsFromEnv(env);
  const smtpSettings = smtpSettingsFromEnv(env);
  if (!twilioSettings && !smtpSettings) return simulator;
  const twilio = twilioSettings ? createTwilioAdapter({ db, settings: twilioSettings }) : simulator;
  const smtp = smtpSettings ? createSmtpAdapter(smtpSettings) : simulator;
  const pick = (mode: ChannelMode) => (mode === 'twilio' ? twilio : mode === 'smtp' ? smtp : simulator);
  return createCompositeAdapter({
    sms: pick(modes.sms),
    whatsapp: pick(modes.whatsapp),
    voice: pick(modes.voice),
    email: pick(modes.email),
  });
}

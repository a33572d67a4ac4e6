import type { Database } from '@/db';
import type { AdapterChannel, ChannelAdapter } from '@/server/channels/channel-adapter';
import { createSimulatorAdapter } from '@/server/channels/simulator';
import { createSmtpAdapter, smtpSettingsFromEnv } from '@/server/channels/smtp-adapter';
import { twilioSettingsFromEnv } from '@/server/channels/twilio-adapter';
import { loadOrgTelephony } from '@/server/services/telephony/org-telephony';
import { createOrgChannels } from './org-channels';

export type ChannelMode = 'twilio' | 'smtp' | 'simulator';
export type ChannelModes = Record<AdapterChannel, ChannelMode>;
type EnvLike = Readonly<Record<string, string | undefined>>;

/**
 * The platform's view: Twilio (SMS, WhatsApp, calls) when TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN
 * are set, SMTP (email) when SMTP_URL is set, the simulator for the rest. An organismo with its own
 * Twilio subaccount uses Twilio whatever this says: see channelModesFor.
 */
export function channelModes(env: EnvLike = process.env): ChannelModes {
  return modes(twilioSettingsFromEnv(env) !== null, env);
}

/** What carries one organismo's channels: its own subaccount counts as Twilio. */
export async function channelModesFor(
  db: Database,
  organizationId: string,
  env: EnvLike = process.env,
): Promise<ChannelModes> {
  if (twilioSettingsFromEnv(env)) return modes(true, env);
  const { row } = await loadOrgTelephony(db, organizationId);
  return modes(Boolean(row?.subaccountSid && row.authTokenEncrypted), env);
}

function modes(twilio: boolean, env: EnvLike): ChannelModes {
  const phone: ChannelMode = twilio ? 'twilio' : 'simulator';
  return {
    sms: phone,
    whatsapp: phone,
    voice: phone,
    email: smtpSettingsFromEnv(env) ? 'smtp' : 'simulator',
  };
}

/**
 * The adapter the worker sends through. Each send resolves its organismo's adapter first
 * (`forOrganization`: its subaccount, the platform account with its senders, or the simulator),
 * and still records its outbound_message row (messaging/send-message.ts claims it before any adapter runs);
 * test runs (`test: true`) always use the simulator, whatever this returns. `name` is the
 * platform's view, for logs.
 */
export function channelsFromEnv(db: Database, env: EnvLike = process.env): ChannelAdapter {
  const simulator = createSimulatorAdapter(db);
  const smtpSettings = smtpSettingsFromEnv(env);
  const forOrganization = createOrgChannels({
    db,
    env,
    simulator,
    email: smtpSettings ? createSmtpAdapter(smtpSettings) : simulator,
  });
  const platform = channelModes(env);
  return {
    name: [...new Set(Object.values(platform))].join('+'),
    nameFor: (channel) => platform[channel],
    forOrganization,
    sendSms: async (msg) => (await forOrganization(msg.organizationId)).sendSms(msg),
    sendWhatsApp: async (msg) => (await forOrganization(msg.organizationId)).sendWhatsApp(msg),
    sendEmail: async (msg) => (await forOrganization(msg.organizationId)).sendEmail(msg),
    placeCall: async (req) => (await forOrganization(req.organizationId)).placeCall(req),
  };
}

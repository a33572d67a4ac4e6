import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '@/db';
import type { ChannelAdapter } from '@/server/channels/channel-adapter';
import { createCompositeAdapter } from '@/server/channels/composite';
import { createTwilioAdapter } from '@/server/channels/twilio-adapter';
import { numberOwner } from '@/server/services/telephony/org-telephony';
import { twilioClientFor, twilioSettingsForOrg } from '@/server/services/telephony/twilio-for-org';

type EnvLike = Readonly<Record<string, string | undefined>>;

/**
 * The adapter for one organismo: Twilio on its own subaccount or on the platform's account with
 * its senders (server/services/telephony/twilio-for-org.ts), else the simulator, for SMS, WhatsApp
 * and calls; email goes through `email` (SMTP or the simulator) for everyone.
 */
export function createOrgChannels(deps: {
  db: Database;
  env: EnvLike;
  simulator: ChannelAdapter;
  email: ChannelAdapter;
}): (organizationId: string) => Promise<ChannelAdapter> {
  const { db, env, simulator, email } = deps;
  const compose = (phone: ChannelAdapter) =>
    phone === simulator && email === simulator
      ? simulator
      : createCompositeAdapter({ sms: phone, whatsapp: phone, voice: phone, email });
  return async (organizationId) => {
    const org = await twilioSettingsForOrg(db, organizationId, env);
    if (!org) return compose(simulator);
    const twilio = createTwilioAdapter({ settings: org.settings, client: twilioClientFor(org.settings) });
    return compose(withOwnSenders(db, organizationId, twilio));
  };
}

/**
 * A sender a flow names explicitly (the caller id of a call node) must not be a number another
 * organismo registered: on the platform account Twilio would accept it, and the citizen would see
 * the wrong organismo calling.
 */
function withOwnSenders(db: Database, organizationId: string, adapter: ChannelAdapter): ChannelAdapter {
  const check = async (from: string | undefined) => {
    if (!from) return;
    const owner = await numberOwner(db, from);
    if (owner && owner.organizationId !== organizationId) {
      throw ApplicationFailure.nonRetryable(
        `${from} belongs to another organismo: use one of this organismo's numbers`,
        'SENDER_NOT_OWNED',
      );
    }
  };
  return {
    ...adapter,
    sendSms: async (msg) => {
      await check(msg.from);
      return adapter.sendSms(msg);
    },
    sendWhatsApp: async (msg) => {
      await check(msg.from);
      return adapter.sendWhatsApp(msg);
    },
    placeCall: async (req) => {
      await check(req.from);
      return adapter.placeCall(req);
    },
  };
}

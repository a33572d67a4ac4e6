import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { twilioSettingsFromEnv } from '@/server/channels/twilio-adapter';
import { type ChannelModes, channelModes } from '@/server/services/telephony/channels-from-env';
import { getAccountView } from './account-settings';
import { listNumbers } from './phone-numbers';

/**
 * Everything the Telefonía page shows: which adapter carries the phone channels, the account
 * (token masked), the numbers with their bindings, and the published flows a number can start.
 */
export async function telephonyOverview(db: Database, organizationId: string) {
  const [account, numbers, flows] = await Promise.all([
    getAccountView(db, organizationId),
    listNumbers(db, organizationId),
    db
      .select({ id: schema.flow.id, name: schema.flow.name, kind: schema.flow.kind })
      .from(schema.flow)
      .where(
        and(
          eq(schema.flow.organizationId, organizationId),
          inArray(schema.flow.kind, ['inbound_voice', 'inbound_message']),
          gt(schema.flow.latestVersion, 0),
          isNull(schema.flow.archivedAt),
        ),
      )
      .orderBy(asc(schema.flow.name)),
  ]);
  // From the row just read, not the send path's cache: the page shows a change at once.
  const platform = channelModes();
  const ownAccount = account.subaccountSid !== null && account.authToken.configured;
  const modes: ChannelModes = ownAccount
    ? { ...platform, sms: 'twilio', whatsapp: 'twilio', voice: 'twilio' }
    : platform;
  return {
    modes,
    platformConfigured: twilioSettingsFromEnv(process.env) !== null,
    account,
    numbers,
    flows,
  };
}

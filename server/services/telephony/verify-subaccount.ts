import 'server-only';
import { createTwilioClient } from '@/server/channels/twilio-adapter';
import { AppError } from '@/server/errors';
import { logger } from '@/server/logger';

type EnvLike = Readonly<Record<string, string | undefined>>;

/**
 * Asks Twilio's Accounts API, with the subaccount's own credentials, whether the subaccount exists
 * and belongs to the platform's account (its OwnerAccountSid). Refuses with SUBACCOUNT_UNVERIFIED
 * when it cannot ask (no platform account here, Twilio unreachable), SUBACCOUNT_NOT_FOUND when
 * Twilio does not know the SID with that token, SUBACCOUNT_FOREIGN when another account owns it
 * (or it is the platform's own account, or closed). An organismo that could save any account would
 * sign webhooks for it.
 */
export async function verifySubaccount(
  args: { subaccountSid: string; authToken: string },
  env: EnvLike = process.env,
): Promise<void> {
  const platformSid = env.TWILIO_ACCOUNT_SID?.trim();
  if (!platformSid)
    throw new AppError('SUBACCOUNT_UNVERIFIED', 'The platform has no Twilio account to own it');
  if (args.subaccountSid.toUpperCase() === platformSid.toUpperCase())
    throw new AppError('SUBACCOUNT_FOREIGN', "That is the platform's own account, not a subaccount of it");
  const client = createTwilioClient({
    accountSid: args.subaccountSid,
    authToken: args.authToken,
    apiBaseUrl: env.TWILIO_API_BASE_URL?.trim() || null,
    messagingServiceSid: null,
    fromNumber: null,
    whatsappFrom: null,
    publicBaseUrl: '',
  });
  let account: { ownerAccountSid: string; status: string };
  try {
    account = await client.api.v2010.accounts(args.subaccountSid).fetch();
  } catch (err) {
    const status = typeof err === 'object' && err !== null ? Reflect.get(err, 'status') : undefined;
    if (status === 401 || status === 403 || status === 404)
      throw new AppError('SUBACCOUNT_NOT_FOUND', 'Twilio does not know that Account SID with that token');
    logger.warn({ err, subaccountSid: args.subaccountSid }, 'Twilio accounts API unreachable');
    throw new AppError('SUBACCOUNT_UNVERIFIED', 'Twilio could not be asked about the subaccount');
  }
  if (account.ownerAccountSid?.toUpperCase() !== platformSid.toUpperCase() || account.status === 'closed') {
    throw new AppError('SUBACCOUNT_FOREIGN', "That account is not an open subaccount of the platform's", {
      ownerAccountSid: account.ownerAccountSid,
      status: account.status,
    });
  }
}

import type { Twilio } from 'twilio';
import type { Database } from '@/db';
import type { TelephonyAccountKind } from '@/db/schema/telephony';
import {
  createTwilioClient,
  type TwilioSettings,
  twilioSettingsFromEnv,
} from '@/server/channels/twilio-adapter';
import { logger } from '@/server/logger';
import { decryptSecret } from '@/server/secrets';
import {
  CACHE_TTL_MS,
  loadOrgTelephony,
  type NumberOwner,
  numberOwner,
  type OrgTelephony,
} from './org-telephony';

type EnvLike = Readonly<Record<string, string | undefined>>;

export type OrgTwilio = { account: TelephonyAccountKind; settings: TwilioSettings };

/** What the auth token is authenticated with, so a token copied to another organismo's row fails. */
export function authTokenContext(organizationId: string): string {
  return `twilio-auth-token:${organizationId}`;
}

/** The subaccount's SID and decrypted auth token, when the organismo brought its own. */
export function subaccountCredentials(
  organizationId: string,
  telephony: OrgTelephony,
): { accountSid: string; authToken: string } | null {
  const { row } = telephony;
  if (!row?.subaccountSid || !row.authTokenEncrypted) return null;
  return {
    accountSid: row.subaccountSid,
    authToken: decryptSecret(row.authTokenEncrypted, authTokenContext(organizationId)),
  };
}

/**
 * The Twilio account and senders an organismo sends through: its own subaccount when it has one,
 * else the platform's account (env) with the organismo's own senders where it set them. Null when
 * neither exists: its phone channels run on the simulator. Senders, in the order the adapter uses
 * them: the Messaging Service; else the default caller id or the organismo's first number.
 * The platform's own senders (TWILIO_MESSAGING_SERVICE_SID, TWILIO_FROM_NUMBER…) apply only to an
 * organismo on the platform account that has no sender of its own.
 */
export async function twilioSettingsForOrg(
  db: Database,
  organizationId: string,
  env: EnvLike = process.env,
): Promise<OrgTwilio | null> {
  const telephony = await loadOrgTelephony(db, organizationId);
  const own = subaccountCredentials(organizationId, telephony);
  const account: TelephonyAccountKind = own ? 'subaccount' : 'platform';
  const base = own
    ? twilioSettingsFromEnv({
        PUBLIC_BASE_URL: env.PUBLIC_BASE_URL,
        PORT: env.PORT,
        TWILIO_API_BASE_URL: env.TWILIO_API_BASE_URL,
        TWILIO_ACCOUNT_SID: own.accountSid,
        TWILIO_AUTH_TOKEN: own.authToken,
      })
    : twilioSettingsFromEnv(env);
  if (!base) return null;
  const mine = telephony.numbers.filter((n) => n.account === account);
  const voice = mine.find((n) => n.kind === 'voice_sms')?.number ?? null;
  const whatsapp = mine.find((n) => n.kind === 'whatsapp')?.number ?? null;
  const fromNumber = telephony.row?.defaultCallerId ?? voice;
  const inheritsPlatform = !own && !fromNumber;
  return {
    account,
    settings: {
      ...base,
      messagingServiceSid:
        telephony.row?.messagingServiceSid ?? (inheritsPlatform ? base.messagingServiceSid : null),
      fromNumber: fromNumber ?? (inheritsPlatform ? base.fromNumber : null),
      whatsappFrom: whatsapp ?? (own ? null : base.whatsappFrom),
    },
  };
}

type ClientCache = Map<string, { expires: number; client: Twilio }>;
const globalForClients = globalThis as unknown as { cauceTwilioClients?: ClientCache };
globalForClients.cauceTwilioClients ??= new Map();
const clients: ClientCache = globalForClients.cauceTwilioClients;

/** One SDK client per account and REST base, reused for CACHE_TTL_MS (a changed token makes a new one). */
export function twilioClientFor(settings: TwilioSettings): Twilio {
  const key = `${settings.accountSid}\u0000${settings.authToken}\u0000${settings.apiBaseUrl ?? ''}`;
  const now = Date.now();
  const hit = clients.get(key);
  if (hit && hit.expires > now) return hit.client;
  for (const [k, v] of clients) if (v.expires <= now) clients.delete(k);
  const client = createTwilioClient(settings);
  clients.set(key, { expires: now + CACHE_TTL_MS, client });
  return client;
}

/** The key a webhook about one of our numbers is checked with, and who owns that number. */
export type WebhookKey = {
  /** Null when that account has no token here: the request cannot be verified and is refused. */
  authToken: string | null;
  /**
   * The organismo that registered the number (on its subaccount or the platform's account): the only
   * organismo a request verified with this key may touch. Null for a number nobody registered, whose
   * key is the platform's.
   */
  owner: NumberOwner | null;
};

/**
 * The auth token Twilio signs a webhook about `number` with: the owning organismo's subaccount
 * token when the number is registered on its subaccount, else the platform's (also for a number
 * nobody registered: the AccountSid in the form is never trusted to choose the key, or an organismo
 * could save a made-up subaccount and sign for numbers it does not own). Null when that account has
 * no token here (no TWILIO_AUTH_TOKEN; a subaccount whose credentials were removed or cannot be
 * decrypted): the request is refused.
 */
export async function webhookKeyForNumber(
  db: Database,
  args: { number: string; platform: { accountSid?: string; authToken?: string } },
): Promise<WebhookKey> {
  const owner = await numberOwner(db, args.number);
  const platformToken = args.platform.authToken ?? null;
  // The number alone decides: AccountSid is a form field the signer chooses, so it picks no key.
  const organizationId = owner?.account === 'subaccount' ? owner.organizationId : null;
  if (!organizationId) return { authToken: platformToken, owner };
  const telephony = await loadOrgTelephony(db, organizationId);
  try {
    return { authToken: subaccountCredentials(organizationId, telephony)?.authToken ?? null, owner };
  } catch (err) {
    // Never fall back to the platform token: that would accept requests the owner did not sign.
    logger.error({ err, organizationId }, 'subaccount auth token cannot be decrypted');
    return { authToken: null, owner };
  }
}

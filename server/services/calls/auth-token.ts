import { type Database, getDb } from '@/db';
import type { NumberOwner } from '@/server/services/telephony/org-telephony';
import { type WebhookKey, webhookKeyForNumber } from '@/server/services/telephony/twilio-for-org';

/**
 * Where the accounts' credentials come from: the platform's token from the environment, and the
 * database where organismos register their numbers and subaccounts (null: only the platform's).
 */
export type TwilioAccounts = {
  platformAuthToken: string | undefined;
  platformAccountSid?: string | undefined;
  db: Database | null;
};

export function twilioAccountsFromEnv(env: NodeJS.ProcessEnv = process.env): TwilioAccounts {
  return {
    platformAuthToken: env.TWILIO_AUTH_TOKEN || undefined,
    platformAccountSid: env.TWILIO_ACCOUNT_SID || undefined,
    // getDb() reads process.env itself: the pool is the process's, whatever env the caller passed.
    db: process.env.DATABASE_URL ? getDb() : null,
  };
}

/**
 * The auth token of the account that owns `ownNumber` (the number Twilio called us about), which
 * is the key Twilio signed the webhook with: the organismo's subaccount token when the number is
 * registered on its subaccount (settings → Telefonía), else the platform's. The number decides,
 * never the AccountSid in the form (server/services/telephony/twilio-for-org.ts).
 * `owner` is who registered the number: a request verified with this key may touch that
 * organismo's flows, calls and messages only (`signerMayTouch`).
 */
export async function webhookKeyFor(accounts: TwilioAccounts, ownNumber: string): Promise<WebhookKey> {
  if (!accounts.db) return { authToken: accounts.platformAuthToken ?? null, owner: null };
  return webhookKeyForNumber(accounts.db, {
    number: ownNumber,
    platform: {
      ...(accounts.platformAccountSid ? { accountSid: accounts.platformAccountSid } : {}),
      ...(accounts.platformAuthToken ? { authToken: accounts.platformAuthToken } : {}),
    },
  });
}

/** The auth token alone (`webhookKeyFor`); null when the account has no token here. */
export async function authTokenForNumber(
  accounts: TwilioAccounts,
  owner: { ownNumber: string; accountSid?: string | null | undefined },
): Promise<string | null> {
  return (await webhookKeyFor(accounts, owner.ownNumber)).authToken;
}

/**
 * Whether a request verified with the key of `signer`'s number may touch `organizationId`'s rows,
 * flows and executions: only the organismo that registered the number may. A number nobody
 * registered is verified with the platform's own key, which no organismo holds.
 */
export function signerMayTouch(signer: NumberOwner | null, organizationId: string): boolean {
  return signer === null || signer.organizationId === organizationId;
}

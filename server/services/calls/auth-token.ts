import { type Database, getDb } from '@/db';
import { authTokenForOwner } from '@/server/services/telephony/twilio-for-org';

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
 * registered on its subaccount (settings → Telefonía), else the platform's. The number decides;
 * only for a number nobody registered does the AccountSid Twilio sent pick the subaccount
 * (server/services/telephony/twilio-for-org.ts).
 * Null when that account has no token here: the webhooks cannot be verified, so they are refused.
 */
export async function authTokenForNumber(
  accounts: TwilioAccounts,
  owner: { ownNumber: string; accountSid: string | undefined },
): Promise<string | null> {
  if (!accounts.db) return accounts.platformAuthToken ?? null;
  return authTokenForOwner(accounts.db, {
    number: owner.ownNumber,
    accountSid: owner.accountSid,
    platform: {
      ...(accounts.platformAccountSid ? { accountSid: accounts.platformAccountSid } : {}),
      ...(accounts.platformAuthToken ? { authToken: accounts.platformAuthToken } : {}),
    },
  });
}

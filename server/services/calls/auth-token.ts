/** Where the platform account's credentials come from; an organismo's own subaccount comes later. */
export type TwilioAccounts = { platformAuthToken: string | undefined };

export function twilioAccountsFromEnv(env: NodeJS.ProcessEnv = process.env): TwilioAccounts {
  return { platformAuthToken: env.TWILIO_AUTH_TOKEN || undefined };
}

/**
 * The auth token of the account that owns `ownNumber` (the number Twilio called us about), which
 * is the key Twilio signed the webhook with. Today every number belongs to the platform account;
 * when an organismo brings its own subaccount, this finds the number's owner (its binding) and
 * returns that subaccount's token (`accountSid` is the AccountSid Twilio sent, to cross-check).
 * Null when no account is configured: the webhooks cannot be verified, so they are refused.
 */
export async function authTokenForNumber(
  accounts: TwilioAccounts,
  _owner: { ownNumber: string; accountSid: string | undefined },
): Promise<string | null> {
  return accounts.platformAuthToken ?? null;
}

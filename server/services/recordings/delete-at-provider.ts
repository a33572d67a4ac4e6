import type { CallRecording } from '@/db/schema';
import { deleteTwilioRecording } from '@/server/channels/twilio-recordings';
import {
  authTokenForNumber,
  type TwilioAccounts,
  twilioAccountsFromEnv,
} from '@/server/services/calls/auth-token';

/** What deleting a recording's audio did: gone now, already gone, or none ever existed (simulator). */
export type ProviderDeletion = 'deleted' | 'absent' | 'no_audio';

/** Deletes one recording's audio where it lives; throws when the provider could not (the row stays). */
export type RecordingDeleter = (recording: CallRecording) => Promise<ProviderDeletion>;

/**
 * The audio of a Twilio recording is deleted at the account that owns it, with that account's
 * credentials found as the audio route finds them (our number on the call decides: the
 * organismo's subaccount or the platform's account). A simulated recording has no audio anywhere.
 */
export function createRecordingDeleter(
  deps: { accounts?: TwilioAccounts; apiBaseUrl?: string | undefined; fetch?: typeof fetch } = {},
): RecordingDeleter {
  return async (recording) => {
    if (recording.source !== 'twilio' || !recording.accountSid) return 'no_audio';
    const accounts = deps.accounts ?? twilioAccountsFromEnv();
    const authToken = await authTokenForNumber(accounts, {
      ownNumber: recording.ownNumber ?? '',
      accountSid: recording.accountSid,
    });
    if (!authToken) {
      throw new Error(`No credentials here for the Twilio account of recording ${recording.id}`);
    }
    return deleteTwilioRecording({
      accountSid: recording.accountSid,
      authToken,
      recordingSid: recording.recordingSid,
      apiBaseUrl: deps.apiBaseUrl ?? process.env.TWILIO_API_BASE_URL,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  };
}

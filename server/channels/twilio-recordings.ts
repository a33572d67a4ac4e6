import 'server-only';

const TWILIO_API = 'https://api.twilio.com';

export type TwilioRecordingRef = {
  accountSid: string;
  authToken: string;
  recordingSid: string;
  /** Replaces https://api.twilio.com (TWILIO_API_BASE_URL; tests point it at a stub). */
  apiBaseUrl?: string | null | undefined;
  fetch?: typeof fetch;
};

/**
 * Deletes a recording's audio at Twilio (DELETE …/Recordings/<RE…>.json, authenticated as the
 * account that owns it). 'absent' when Twilio no longer has it (404), so deleting twice is no
 * error; any other refusal throws with Twilio's status, and the caller keeps its row to try again.
 */
export async function deleteTwilioRecording(ref: TwilioRecordingRef): Promise<'deleted' | 'absent'> {
  const base = (ref.apiBaseUrl || TWILIO_API).replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(ref.accountSid)}/Recordings/${encodeURIComponent(ref.recordingSid)}.json`;
  const basic = Buffer.from(`${ref.accountSid}:${ref.authToken}`).toString('base64');
  const response = await (ref.fetch ?? fetch)(url, {
    method: 'DELETE',
    headers: { authorization: `Basic ${basic}` },
    signal: AbortSignal.timeout(15_000),
  });
  await response.body?.cancel();
  if (response.status === 204 || response.ok) return 'deleted';
  if (response.status === 404) return 'absent';
  throw new Error(`Twilio refused to delete recording ${ref.recordingSid}: HTTP ${response.status}`);
}

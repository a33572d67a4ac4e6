import { getDb } from '@/db';
import { withVoiceFallback } from '@/server/services/calls/twilio-webhook';
import { handleRecordingCallback } from '@/server/services/recordings/recording-callback';

export const dynamic = 'force-dynamic';

/** Twilio's RecordingStatusCallback for the <Record> verbs the engine renders: stores the recording. */
export function POST(request: Request): Promise<Response> {
  return withVoiceFallback(request, 'recording', () => handleRecordingCallback(request, { db: getDb() }));
}

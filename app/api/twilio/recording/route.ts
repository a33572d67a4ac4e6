import { getDb } from '@/db';
import { handleRecordingCallback } from '@/server/services/recordings/recording-callback';

export const dynamic = 'force-dynamic';

/** Twilio's RecordingStatusCallback for the <Record> verbs the engine renders: stores the recording. */
export function POST(request: Request): Promise<Response> {
  return handleRecordingCallback(request, { db: getDb() });
}

import { getDb } from '@/db';
import { routeHandler } from '@/server/http/route-handler';
import { withVoiceFallback } from '@/server/services/calls/twilio-webhook';
import { handleRecordingCallback } from '@/server/services/recordings/recording-callback';

export const dynamic = 'force-dynamic';

/** Twilio's RecordingStatusCallback for the <Record> verbs the engine renders: stores the recording. */
export const POST = routeHandler('api/twilio/recording', (request: Request) =>
  withVoiceFallback(request, 'recording', () => handleRecordingCallback(request, { db: getDb() })),
);

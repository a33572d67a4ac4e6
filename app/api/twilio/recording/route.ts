import { getDb } from '@/db';
import { routeHandler } from '@/server/http/route-handler';
import { handleRecordingCallback } from '@/server/services/recordings/recording-callback';

export const dynamic = 'force-dynamic';

/** Twilio's RecordingStatusCallback for the <Record> verbs the engine renders: stores the recording. */
export const POST = routeHandler('api/twilio/recording', (request: Request) =>
  handleRecordingCallback(request, { db: getDb() }),
);

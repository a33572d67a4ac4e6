import { getDb } from '@/db';
import { serveRecordingAudio } from '@/server/api/callers/recording-audio';
import { sessionFromHeaders } from '@/server/api/callers/request-context';
import { routeHandler } from '@/server/http/route-handler';

export const dynamic = 'force-dynamic';

/** A recording's audio for the app's player, for members of its organismo (proxied from Twilio). */
export const GET = routeHandler(
  'api/recordings/audio',
  async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const { id } = await params;
    return serveRecordingAudio(
      { db: getDb(), session: await sessionFromHeaders(request.headers) },
      { recordingId: id, range: request.headers.get('range') },
    );
  },
);

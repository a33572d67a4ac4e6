import { getDb } from '@/db';
import { serveRecordingAudio } from '@/server/api/callers/recording-audio';
import { sessionFromHeaders } from '@/server/api/callers/request-context';

export const dynamic = 'force-dynamic';

/** A recording's audio for the app's player, for members of its organismo (proxied from Twilio). */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  return serveRecordingAudio(
    { db: getDb(), session: await sessionFromHeaders(request.headers) },
    { recordingId: id, range: request.headers.get('range') },
  );
}

import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import type { RecordingView } from '@/server/services/recordings/recordings';

/**
 * Recordings with a player: Twilio's stream through the app's authenticated route; a simulated one
 * (the test phone) says it has no audio instead of pretending to play.
 */
export async function RecordingList({ recordings }: { recordings: RecordingView[] }) {
  const t = await getTranslations('recordings');
  const format = await getFormatter();
  if (recordings.length === 0) return <p className="text-sm text-slate-600">{t('none')}</p>;
  return (
    <ul className="space-y-2" data-testid="recording-list">
      {recordings.map((r) => (
        <li key={r.id} className="flex flex-wrap items-center gap-3 rounded-md bg-slate-50 p-2 text-sm">
          <span className="font-medium">{t('recording')}</span>
          <span className="text-slate-600">
            {t('duration', { seconds: r.durationSeconds })} ·{' '}
            {format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'short' })}
            {r.stepId ? ` · ${t('step', { step: r.stepId })}` : ''}
          </span>
          {r.audioPath ? (
            // biome-ignore lint/a11y/useMediaCaption: a caller's voicemail has no transcript to caption it with
            <audio
              controls
              preload="none"
              src={r.audioPath}
              aria-label={t('player', { seconds: r.durationSeconds })}
              className="h-8 w-full max-w-sm"
            />
          ) : (
            <Badge tone="warning">{t('simulatedNoAudio')}</Badge>
          )}
        </li>
      ))}
    </ul>
  );
}

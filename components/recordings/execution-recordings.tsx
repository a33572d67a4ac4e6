import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';
import { RecordingList } from './recording-list';

/** The execution's recordings, for those who may hear them (agents, supervisors, admins). */
export async function ExecutionRecordings({ executionId }: { executionId: string }) {
  const t = await getTranslations('recordings');
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(() => caller.recordings.list({ executionId }));
  return (
    <Card title={t('title')}>
      {loaded.ok ? (
        <RecordingList recordings={loaded.data} />
      ) : (
        <p className="text-sm text-slate-600">{t('notAllowed')}</p>
      )}
    </Card>
  );
}

/** A link to the citizen the execution was with, when one is known and the member may see citizens. */
export async function ExecutionCitizenLink({ executionId }: { executionId: string }) {
  const t = await getTranslations('citizenHistory');
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(() => caller.citizens.ofExecution({ executionId }));
  if (!loaded.ok || !loaded.data) return null;
  return (
    <Link
      href={`/citizens/${loaded.data.id}`}
      className="text-brand-700 hover:underline"
      data-testid="execution-citizen"
    >
      {t('citizenLink', { name: loaded.data.name })}
    </Link>
  );
}

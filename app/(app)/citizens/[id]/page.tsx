import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { CitizenRights } from '@/components/citizens/citizen-rights';
import { BlockContact } from '@/components/compliance/block-contact';
import { StatusBadge } from '@/components/executions/status-badge';
import { RecordingList } from '@/components/recordings/recording-list';
import { Denied } from '@/components/shell/denied';
import { Card, PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('citizenHistory'))('title') };
}

const CHANNELS = new Set(['voice', 'sms', 'whatsapp', 'email', 'api', 'campaign']);
const EXECUTION_VIEWERS = new Set(['admin', 'designer', 'supervisor']);
// Who may record a citizen's art. 27 request (compliance.blockCitizen checks the same roles).
const BLOCKERS = new Set(['admin', 'campaign_manager', 'supervisor', 'agent']);

/**
 * A citizen and their interactions with the active organismo, newest first; admins also get the
 * data subject's rights (export, rectify, erase) over what the organismo holds.
 */
export default async function CitizenPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = await getTranslations('citizenHistory');
  const te = await getTranslations('executions');
  const format = await getFormatter();
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(() => caller.citizens.history({ id }));
  if (!loaded.ok) return <Denied code={loaded.code} />;
  const { citizen, interactions } = loaded.data;
  const me = await caller.me.get();
  const roles = me.active?.roles ?? [];
  const linksExecutions = roles.some((r) => EXECUTION_VIEWERS.has(r));
  const isAdmin = roles.includes('admin');
  const fields: [string, string | null][] = [
    [t('dni'), citizen.dni],
    [t('phones'), citizen.phones.join(', ') || null],
    [t('email'), citizen.email],
    [t('locality'), citizen.locality],
    [t('birthDate'), citizen.birthDate],
  ];
  return (
    <div className="space-y-6">
      <PageHeader title={`${citizen.firstName} ${citizen.lastName}`} description={t('description')} />
      <Card title={t('data')}>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="citizen-data">
          {fields.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-600">{label}</dt>
              <dd>{value ?? '—'}</dd>
            </div>
          ))}
        </dl>
      </Card>
      {isAdmin ? <CitizenRights citizen={citizen} /> : null}
      {roles.some((r) => BLOCKERS.has(r)) ? <BlockContact citizenId={citizen.id} /> : null}
      <Card title={t('history')}>
        {interactions.length === 0 ? (
          <p className="text-sm text-slate-600">{t('empty')}</p>
        ) : (
          <ol className="space-y-4" data-testid="citizen-history">
            {interactions.map((i) => (
              <li key={i.executionId} className="space-y-2 border-l-2 border-brand-500 pl-3">
                <div className="flex flex-wrap items-baseline gap-3 text-sm">
                  <span className="font-medium">
                    {format.dateTime(i.startedAt, { dateStyle: 'short', timeStyle: 'short' })}
                  </span>
                  <span>{CHANNELS.has(i.channel) ? te(`channels.${i.channel}`) : i.channel}</span>
                  <span>{i.flowName ?? '—'}</span>
                  <StatusBadge status={i.status} />
                  {i.outcome ? (
                    <span>
                      {te('outcome')}: <code>{i.outcome}</code>
                    </span>
                  ) : null}
                  {linksExecutions ? (
                    <Link
                      href={`/executions/${encodeURIComponent(i.executionId)}`}
                      className="ml-auto text-brand-700 hover:underline"
                    >
                      {t('openExecution')}
                    </Link>
                  ) : null}
                </div>
                {i.recordings.length > 0 ? <RecordingList recordings={i.recordings} /> : null}
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}

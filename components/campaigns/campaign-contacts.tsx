'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { Table } from '@/components/ui/table';
import {
  CONTACT_STATES,
  type ContactState,
  ELIGIBILITY_REASONS,
  type EligibilityReason,
} from '@/lib/contracts/campaign';

const PAGE = 50;

/** The per-contact table: server pages by keyset (fast at 200,000 rows), filtered by state and reason. */
export function CampaignContacts({
  campaignId,
  canViewExecutions,
}: {
  campaignId: string;
  canViewExecutions: boolean;
}) {
  const t = useTranslations('campaigns.contacts');
  const tc = useTranslations('campaigns');
  const format = useFormatter();
  const trpc = useTRPC();
  const [state, setState] = useState<ContactState | ''>('');
  const [reason, setReason] = useState<EligibilityReason | ''>('');
  // The cursors of the pages before this one, so «Anterior» goes back without offsets.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors.at(-1);
  const page = useQuery({
    ...trpc.campaigns.contacts.queryOptions({
      id: campaignId,
      state: state || undefined,
      reason: reason || undefined,
      after,
      limit: PAGE,
    }),
    refetchInterval: 5_000,
  });
  const reset = () => setCursors([undefined]);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-3">
        <Field label={t('state')}>
          {(c) => (
            <Select
              {...c}
              size="sm"
              value={state}
              onChange={(e) => {
                setState(e.target.value as ContactState | '');
                reset();
              }}
            >
              <option value="">{t('all')}</option>
              {CONTACT_STATES.map((s) => (
                <option key={s} value={s}>
                  {tc(`contactStates.${s}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('reason')}>
          {(c) => (
            <Select
              {...c}
              size="sm"
              value={reason}
              onChange={(e) => {
                setReason(e.target.value as EligibilityReason | '');
                reset();
              }}
            >
              <option value="">{t('all')}</option>
              {ELIGIBILITY_REASONS.map((r) => (
                <option key={r} value={r}>
                  {tc(`reasons.${r}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <Table
        label={t('label')}
        data-testid="campaign-contacts"
        rows={page.data?.items ?? []}
        rowKey={(r) => r.id}
        empty={page.isLoading ? t('loading') : t('empty')}
        columns={[
          { key: 'name', header: t('name'), cell: (r) => `${r.firstName} ${r.lastName}`.trim() || '—' },
          {
            key: 'address',
            header: t('address'),
            className: 'font-mono text-xs',
            cell: (r) => r.address ?? '—',
          },
          { key: 'state', header: t('state'), cell: (r) => tc(`contactStates.${r.state}`) },
          {
            key: 'reason',
            header: t('reason'),
            cell: (r) => (r.reason && tc.has(`reasons.${r.reason}`) ? tc(`reasons.${r.reason}`) : '—'),
          },
          { key: 'attempts', header: t('attempts'), align: 'end', cell: (r) => r.attempts },
          {
            key: 'outcome',
            header: t('lastOutcome'),
            cell: (r) =>
              r.lastOutcome
                ? tc.has(`outcomes.${r.lastOutcome}`)
                  ? tc(`outcomes.${r.lastOutcome}`)
                  : r.lastOutcome
                : '—',
          },
          {
            key: 'next',
            header: t('nextAttempt'),
            className: 'whitespace-nowrap',
            cell: (r) =>
              r.nextAttemptAt
                ? format.dateTime(r.nextAttemptAt, { dateStyle: 'short', timeStyle: 'short' })
                : '—',
          },
          {
            key: 'execution',
            header: t('execution'),
            cell: (r) =>
              r.executionId && canViewExecutions ? (
                <Link
                  className="text-brand-700 hover:underline"
                  href={`/executions/${encodeURIComponent(r.executionId)}`}
                >
                  {t('trace')}
                </Link>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <div className="flex gap-2">
        <Button
          variant="secondary"
          size="sm"
          disabled={cursors.length <= 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          {t('previous')}
        </Button>
        <Button
          variant="secondary"
          size="sm"
          disabled={!page.data?.next}
          onClick={() => page.data?.next && setCursors([...cursors, page.data.next])}
        >
          {t('next')}
        </Button>
      </div>
    </div>
  );
}

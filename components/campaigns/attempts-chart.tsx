'use client';

import { useFormatter, useTranslations } from 'next-intl';

type Hour = { hour: string; total: number; outcomes: Record<string, number> };

/** Attempts per hour as plain SVG bars (24 bars need no chart library), with a table for screen readers. */
export function AttemptsChart({ hours }: { hours: readonly Hour[] }) {
  const t = useTranslations('campaigns.live');
  const format = useFormatter();
  if (hours.length === 0) return <p className="text-sm text-slate-600">{t('noAttempts')}</p>;
  const max = Math.max(...hours.map((h) => h.total), 1);
  const width = 24;
  const height = 120;
  return (
    <figure>
      <svg
        role="img"
        aria-label={t('attemptsChart')}
        viewBox={`0 0 ${hours.length * width} ${height + 16}`}
        className="h-40 w-full"
        preserveAspectRatio="none"
      >
        {hours.map((h, i) => {
          const barHeight = (h.total / max) * height;
          return (
            <g key={h.hour}>
              <rect
                x={i * width + 3}
                y={height - barHeight}
                width={width - 6}
                height={barHeight}
                className="fill-brand-600"
              />
              <title>{`${format.dateTime(new Date(h.hour), { hour: '2-digit', minute: '2-digit' })}: ${h.total}`}</title>
            </g>
          );
        })}
      </svg>
      <table className="sr-only">
        <caption>{t('attemptsChart')}</caption>
        <tbody>
          {hours.map((h) => (
            <tr key={h.hour}>
              <th scope="row">
                {format.dateTime(new Date(h.hour), { dateStyle: 'short', timeStyle: 'short' })}
              </th>
              <td>{h.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

import { useTranslations } from 'next-intl';
import type { ChannelModes } from '@/server/services/telephony/channels-from-env';

/**
 * Says plainly that calls and messages are simulated when the organismo has no Twilio account
 * (neither the platform's nor its own subaccount). Usable from server and client components.
 */
export function SimulatorBanner({ modes, className = '' }: { modes: ChannelModes; className?: string }) {
  const t = useTranslations('telephony.simulator');
  if (modes.sms !== 'simulator' && modes.whatsapp !== 'simulator' && modes.voice !== 'simulator') return null;
  return (
    <p
      role="status"
      data-testid="simulator-banner"
      className={`rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900 ${className}`}
    >
      <strong className="font-semibold">{t('title')}</strong> {t('detail')}
    </p>
  );
}

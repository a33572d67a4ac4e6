import {
  Activity,
  Building2,
  House,
  Inbox,
  KeyRound,
  LockKeyhole,
  type LucideIcon,
  Megaphone,
  Phone,
  PlayCircle,
  ScrollText,
  ShieldCheck,
  Users,
  Workflow,
} from 'lucide-react';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import type { RouterOutputs } from '@/server/api/types';
import { LocaleSwitcher } from './locale-switcher';
import { OrganizationSwitcher } from './organization-switcher';
import { SignOutButton } from './sign-out-button';

const ICONS: Record<string, LucideIcon> = {
  home: House,
  flows: Workflow,
  queues: Users,
  members: ShieldCheck,
  audit: ScrollText,
  health: Activity,
  executions: PlayCircle,
  outbox: Inbox,
  campaigns: Megaphone,
  apiKeys: KeyRound,
  telephony: Phone,
  secrets: LockKeyhole,
  organization: Building2,
};

export async function AppShell({ me, children }: { me: RouterOutputs['me']['get']; children: ReactNode }) {
  const t = await getTranslations();
  return (
    <div className="flex min-h-full">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50"
      >
        {t('shell.skipToContent')}
      </a>
      <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="px-5 py-4 text-xl font-bold tracking-tight text-brand-700">{t('common.appName')}</div>
        <nav aria-label={t('nav.label')} className="flex-1 px-3">
          <ul className="space-y-1">
            {me.nav.map((item) => {
              const Icon = ICONS[item.key] ?? House;
              return (
                <li key={item.key}>
                  <Link
                    href={item.href}
                    className="flex items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100"
                  >
                    <Icon aria-hidden className="size-4" />
                    {t(`nav.${item.key}`)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-end gap-4 border-b border-slate-200 bg-white px-6 py-3">
          <OrganizationSwitcher
            organizations={me.organizations.map((o) => ({ id: o.organizationId, name: o.name }))}
            activeId={me.active?.organizationId ?? null}
          />
          <LocaleSwitcher />
          <span className="text-sm text-slate-700" data-testid="current-user">
            {me.user.name}
          </span>
          <SignOutButton />
        </header>
        <main id="main" className="flex-1 px-8 py-6">
          {children}
        </main>
      </div>
    </div>
  );
}

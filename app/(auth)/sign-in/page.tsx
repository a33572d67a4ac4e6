import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { SignInForm } from '@/components/auth/sign-in-form';
import { LocaleSwitcher } from '@/components/shell/locale-switcher';
import { getPageSession } from '@/server/api/callers/request-context';

export async function generateMetadata() {
  const t = await getTranslations('signIn');
  return { title: t('title') };
}

export default async function SignInPage() {
  if (await getPageSession()) redirect('/');
  const t = await getTranslations();
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <p className="mb-1 text-center text-3xl font-bold tracking-tight text-brand-700">
          {t('common.appName')}
        </p>
        <p className="mb-8 text-center text-sm text-slate-600">{t('common.tagline')}</p>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-lg font-semibold">{t('signIn.title')}</h1>
          <p className="mb-5 mt-1 text-sm text-slate-600">{t('signIn.subtitle')}</p>
          <SignInForm />
        </div>
        <div className="mt-6 flex justify-center">
          <LocaleSwitcher />
        </div>
      </div>
    </main>
  );
}

import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/** Every unknown address: a translated page with the way back, never Next's English 404. */
export default async function NotFound() {
  const t = await getTranslations('notFoundPage');
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-3 p-6">
      <p className="text-sm font-medium text-slate-600">404</p>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="text-slate-700">{t('body')}</p>
      <Link className="font-medium text-brand-700 hover:underline" href="/">
        {t('home')}
      </Link>
    </main>
  );
}

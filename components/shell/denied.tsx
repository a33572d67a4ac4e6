import { getTranslations } from 'next-intl/server';

export async function Denied({ code }: { code: 'FORBIDDEN' | 'NOT_FOUND' }) {
  const t = await getTranslations('common');
  return (
    <p role="alert" className="rounded-md bg-amber-50 p-4 text-amber-900">
      {code === 'FORBIDDEN' ? t('forbidden') : t('notFound')}
    </p>
  );
}

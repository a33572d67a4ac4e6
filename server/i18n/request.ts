import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, TIME_ZONE, toLocale } from '@/lib/i18n-config';
import en from './messages/en.json';
import esAR from './messages/es-AR.json';

const CATALOGS = { 'es-AR': esAR, en };

// The locale is a cookie, not a URL segment: the app lives behind a sign-in, not on search engines.
export default getRequestConfig(async () => {
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  return { locale, messages: CATALOGS[locale], timeZone: TIME_ZONE };
});

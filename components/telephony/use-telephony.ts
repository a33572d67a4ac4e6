'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import type { RouterOutputs } from '@/server/api/types';

export type TelephonyOverview = RouterOutputs['telephony']['overview'];

const KNOWN_ERRORS = new Set([
  'NUMBER_TAKEN',
  'NUMBER_IN_USE',
  'NO_SUBACCOUNT',
  'SUBACCOUNT_TAKEN',
  'SUBACCOUNT_NOT_FOUND',
  'SUBACCOUNT_FOREIGN',
  'SUBACCOUNT_UNVERIFIED',
  'BINDING_TAKEN',
  'INVALID_INPUT',
]);

/** The page's data, and a refresh that also re-renders the server parts (the simulator banner). */
export function useTelephony(initial: TelephonyOverview) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const query = useQuery(trpc.telephony.overview.queryOptions(undefined, { initialData: initial }));
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.telephony.overview.queryKey() });
    router.refresh();
  };
  return { data: query.data ?? initial, refresh };
}

/** A toast naming what went wrong, from the AppError code the server sent. */
export function useErrorToast() {
  const t = useTranslations('telephony.errors');
  return (err: { data?: { appCode?: string | null; zodError?: unknown } | null }) => {
    const code = err.data?.zodError ? 'INVALID_INPUT' : err.data?.appCode;
    toast.error(code && KNOWN_ERRORS.has(code) ? t(code) : t('other'));
  };
}

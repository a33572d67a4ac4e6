'use client';

import { LogOut } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { authClient } from '@/components/auth/auth-client';
import { Button } from '@/components/ui/button';

export function SignOutButton() {
  const t = useTranslations('shell');
  return (
    <Button
      variant="ghost"
      onClick={async () => {
        await authClient.signOut();
        window.location.assign('/sign-in');
      }}
    >
      <LogOut aria-hidden className="size-4" />
      {t('signOut')}
    </Button>
  );
}

import { getTranslations } from 'next-intl/server';
import { ContactListDetail } from '@/components/contact-lists/contact-list-detail';
import { Denied } from '@/components/shell/denied';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('contactLists'))('title') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ContactListPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) return <Denied code="NOT_FOUND" />;
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(async () => ({
    list: await caller.contactLists.get({ id }),
    errors: await caller.contactLists.errors({ listId: id, limit: 50 }),
    roles: (await caller.me.get()).active?.roles ?? [],
  }));
  if (!loaded.ok) return <Denied code={loaded.code} />;
  const canDelete = loaded.data.roles.some((r) => r === 'campaign_manager' || r === 'admin');
  return (
    <ContactListDetail
      initial={loaded.data.list}
      initialErrors={loaded.data.errors.rows}
      canDelete={canDelete}
    />
  );
}

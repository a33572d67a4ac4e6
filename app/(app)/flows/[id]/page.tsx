import { getTranslations } from 'next-intl/server';
import { FlowEditor } from '@/components/editor/flow-editor';
import { Denied } from '@/components/shell/denied';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('editor'))('title') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function FlowEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) return <Denied code="NOT_FOUND" />;
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(async () => {
    const [flow, resources, me, channelModes] = await Promise.all([
      caller.flows.get({ flowId: id }),
      caller.flows.resources(),
      caller.me.get(),
      caller.outbox.channelModes(),
    ]);
    return { flow, resources, me, channelModes };
  });
  if (!loaded.ok) return <Denied code={loaded.code} />;
  const { flow, resources, me, channelModes } = loaded.data;
  const roles = me.active?.roles ?? [];
  const canEdit = !flow.archivedAt && (roles.includes('admin') || roles.includes('designer'));
  return (
    <FlowEditor
      flow={{
        id: flow.id,
        name: flow.name,
        organizationId: flow.organizationId,
        draft: flow.draft,
        draftRevision: flow.draftRevision,
        latestVersion: flow.latestVersion,
        publishedRevision: flow.publishedRevision,
      }}
      resources={resources}
      canEdit={canEdit}
      channelModes={channelModes}
    />
  );
}

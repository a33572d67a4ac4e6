import 'server-only';
import type { Database } from '@/db';
import { schema } from '@/db';

/** Appends one campaign event (a transition, a pace change, an engine milestone): supervision reads these. */
export async function recordCampaignEvent(
  db: Database,
  args: {
    organizationId: string;
    campaignId: string;
    type: string;
    source: 'ui' | 'api' | 'engine';
    actorUserId?: string | null;
    data: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(schema.campaignEvent).values({
    organizationId: args.organizationId,
    campaignId: args.campaignId,
    type: args.type,
    source: args.source,
    actorUserId: args.actorUserId ?? null,
    data: args.data,
  });
}

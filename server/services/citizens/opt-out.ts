import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';

/**
 * Whether the organismo must not contact this address on this channel: some citizen with that
 * phone (E.164) or email opted out ("baja") of the channel with this organismo.
 */
export async function isOptedOut(
  db: Database,
  args: { organizationId: string; channel: string; address: string; kind: 'phone' | 'email' },
): Promise<boolean> {
  const match =
    args.kind === 'phone'
      ? sql`c.phones @> array[${args.address}]::text[]`
      : sql`lower(c.email) = ${args.address}`;
  const rows = await db.execute<{ one: number }>(sql`
    select 1 as one
    from citizen c
    join citizen_consent cc on cc.citizen_id = c.id
    where cc.organization_id = ${args.organizationId}
      and cc.channel = ${args.channel}
      and cc.status = 'opted_out'
      and ${match}
    limit 1`);
  return rows.length > 0;
}

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Database, schema } from '../../db';
import {
  type CampaignChannel,
  type CampaignPacing,
  type CampaignRetries,
  type DEFAULT_WINDOWS,
  ZCampaignSchedule,
} from '../../lib/contracts/campaign';
import type { FlowProgram } from '../../lib/contracts/program';
import type { FlowGraph } from '../../workflows/dsl/graph';
import { compile } from '../../workflows/kinds/compile';
import { EMPTY_RESOURCES } from '../../workflows/testing/graphs';

/** Open every day, all day: tests and benchmarks must not depend on the hour they run at. */
export const ALWAYS_OPEN = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' }));

/**
 * A launched campaign of one organismo with `contacts` citizens on one list (phones
 * +549341<7 digits> from `firstPhone`), its flow published and pinned, status running. Rows are
 * written set-based, so 100,000 contacts take seconds.
 */
export async function seedCampaign(
  db: Database,
  args: {
    organizationId: string;
    graph: FlowGraph;
    contacts: number;
    channel?: CampaignChannel;
    pacing?: CampaignPacing;
    retries?: CampaignRetries;
    firstPhone?: number;
    windows?: typeof DEFAULT_WINDOWS;
  },
): Promise<{ campaignId: string; listId: string; flowId: string; program: FlowProgram }> {
  const tag = randomUUID().slice(0, 8);
  const [flow] = await db
    .insert(schema.flow)
    .values({
      organizationId: args.organizationId,
      name: `Campaña ${tag}`,
      draft: args.graph,
      latestVersion: 1,
    })
    .returning({ id: schema.flow.id });
  if (!flow) throw new Error('flow insert returned nothing');
  const compiled = compile({
    graph: args.graph,
    flowId: flow.id,
    versionId: randomUUID(),
    organizationId: args.organizationId,
    resources: EMPTY_RESOURCES,
  });
  if (!compiled.ok) throw new Error(`campaign graph does not compile: ${compiled.problems[0]?.message.en}`);
  const program = compiled.program;
  await db.insert(schema.flowVersion).values({
    id: program.versionId,
    organizationId: args.organizationId,
    flowId: flow.id,
    version: 1,
    graph: args.graph,
    program,
    hash: program.hash,
  });
  const [list] = await db
    .insert(schema.contactList)
    .values({
      organizationId: args.organizationId,
      name: `Lista ${tag}`,
      purpose: 'vacunacion',
      status: 'ready',
    })
    .returning({ id: schema.contactList.id });
  if (!list) throw new Error('list insert returned nothing');
  const first = args.firstPhone ?? 5_000_000;
  await db.execute(sql`
    with made as (
      insert into citizen (first_name, last_name, phones, locality)
      select 'Vecina ' || i, 'Prueba', array['+549341' || lpad((${first} + i)::text, 7, '0')], 'Rosario'
      from generate_series(0, ${args.contacts - 1}) as i
      returning id, phones[1] as phone, first_name
    )
    insert into contact_list_entry (organization_id, list_id, citizen_id, row_number, phone, phone_kind, fields)
    select ${args.organizationId}, ${list.id}, id, row_number() over (), phone, 'mobile', '{}'::jsonb from made`);
  const [campaign] = await db
    .insert(schema.campaign)
    .values({
      organizationId: args.organizationId,
      name: `Campaña ${tag}`,
      status: 'running',
      flowId: flow.id,
      versionId: program.versionId,
      channel: args.channel ?? 'sms',
      audience: { listIds: [list.id], filters: [] },
      schedule: ZCampaignSchedule.parse({ windows: args.windows ?? ALWAYS_OPEN, holidays: 'none' }),
      pacing: args.pacing ?? { perSecond: 200, maxConcurrent: 50 },
      retries: args.retries ?? {},
    })
    .returning({ id: schema.campaign.id });
  if (!campaign) throw new Error('campaign insert returned nothing');
  return { campaignId: campaign.id, listId: list.id, flowId: flow.id, program };
}

import { randomInt, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { inject } from 'vitest';
import { createDb, type Database, schema } from '../../db';
import { addMember, createOrganization, createQueue, createUser } from '../../db/seed/factories';
import { ROLES, type Role } from '../../lib/roles';
import { createCaller } from '../../server/api/routers/root';
import { createContext, type SessionInfo } from '../../server/api/trpc';
import { encryptSecret } from '../../server/secrets';
import { orgSecretContext } from '../../server/services/secrets/org-secrets';

let shared: ReturnType<typeof createDb> | undefined;

/** The test run's PostgreSQL (one pool per test file). */
export function testDb(): Database {
  shared ??= createDb(inject('databaseUrl'), { max: 5 });
  return shared.db;
}

export async function closeTestDb(): Promise<void> {
  await shared?.sql.end();
  shared = undefined;
}

/** The workflow code bundled once by the global setup (webpack takes seconds per bundle). */
export async function testWorkflowBundle(): Promise<{ codePath: string }> {
  return { codePath: inject('workflowBundlePath') };
}

export const TEST_PASSWORD = 'test-password-123';

/** An organismo with one member per role, an all-roles member and a queue; names are unique per call. */
export async function createTenant(db: Database, label = 'Org') {
  const tag = randomUUID().slice(0, 8);
  const org = await createOrganization(db, {
    name: `${label} ${tag}`,
    slug: `${label.toLowerCase()}-${tag}`,
  });
  const make = async (role: Role | 'all') => {
    const email = `${role}-${tag}@test.cauce`;
    const user = await createUser(db, { name: `${role} ${tag}`, email, password: TEST_PASSWORD });
    const roles = role === 'all' ? [...ROLES] : [role];
    const member = await addMember(db, { organizationId: org.id, userId: user.id, roles });
    return { userId: user.id, memberId: member.id, email };
  };
  const members = {
    admin: await make('admin'),
    designer: await make('designer'),
    campaign_manager: await make('campaign_manager'),
    agent: await make('agent'),
    supervisor: await make('supervisor'),
    all: await make('all'),
  };
  const queue = await createQueue(db, { organizationId: org.id, name: `Cola ${tag}` });
  const [flow] = await db
    .insert(schema.flow)
    .values({ organizationId: org.id, name: `Flujo ${tag}`, draft: { nodes: [], edges: [], notes: [] } })
    .returning();
  if (!flow) throw new Error('flow insert returned nothing');
  const executionId = `exec-${tag}`;
  await db.insert(schema.execution).values({
    id: executionId,
    organizationId: org.id,
    flowId: flow.id,
    versionId: 'v',
    workflowId: executionId,
    channel: 'api',
    status: 'completed',
  });
  const [key] = await db
    .insert(schema.apiKey)
    .values({ organizationId: org.id, name: `Clave ${tag}`, prefix: tag, hash: `hash-${tag}` })
    .returning();
  if (!key) throw new Error('api key insert returned nothing');
  const [binding] = await db
    .insert(schema.flowBinding)
    .values({
      organizationId: org.id,
      flowId: flow.id,
      type: 'voice_number',
      address: `+549342${randomInt(1_000_000, 9_999_999)}`,
    })
    .returning();
  if (!binding) throw new Error('binding insert returned nothing');
  const [phone] = await db
    .insert(schema.phoneNumber)
    .values({ organizationId: org.id, number: binding.address, kind: 'voice_sms', account: 'platform' })
    .returning();
  if (!phone) throw new Error('phone number insert returned nothing');
  const [scenario] = await db
    .insert(schema.flowTestScenario)
    .values({
      organizationId: org.id,
      flowId: flow.id,
      name: `Escenario ${tag}`,
      mocks: { businessHours: 'real', queues: {}, http: [] },
      expectations: { path: [] },
    })
    .returning();
  if (!scenario) throw new Error('scenario insert returned nothing');
  // A citizen of the shared base who talked only to this organismo, and the execution's recording.
  const [citizen] = await db
    .insert(schema.citizen)
    .values({ firstName: 'Vecina', lastName: tag, phones: [`+549342${randomInt(1_000_000, 9_999_999)}`] })
    .returning();
  if (!citizen) throw new Error('citizen insert returned nothing');
  await db
    .update(schema.execution)
    .set({ citizenId: citizen.id })
    .where(eq(schema.execution.id, executionId));
  const [recording] = await db
    .insert(schema.callRecording)
    .values({
      organizationId: org.id,
      executionId,
      citizenId: citizen.id,
      source: 'simulator',
      recordingSid: `SIMRE-${tag}-${randomUUID()}`,
      durationSeconds: 7,
    })
    .returning();
  if (!recording) throw new Error('recording insert returned nothing');
  // A credential of this organismo's HTTP nodes: neither its name nor its value may leak.
  const secretName = `TOKEN_${tag.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const secretValue = `valor-secreto-${randomUUID()}`;
  const [secret] = await db
    .insert(schema.orgSecret)
    .values({
      organizationId: org.id,
      name: secretName,
      ciphertext: encryptSecret(secretValue, orgSecretContext(org.id, secretName)),
    })
    .returning();
  if (!secret) throw new Error('secret insert returned nothing');
  // Its do-not-contact register and a contact list: neither the blocked address nor the list may leak.
  const dncAddress = `+549343${randomInt(1_000_000, 9_999_999)}`;
  const [dnc] = await db
    .insert(schema.doNotContact)
    .values({ organizationId: org.id, address: dncAddress, reason: 'complaint', note: `Queja ${tag}` })
    .returning();
  if (!dnc) throw new Error('do-not-contact insert returned nothing');
  // A ready contact list with the citizen on it, and a running campaign on it.
  const [contactList] = await db
    .insert(schema.contactList)
    .values({
      organizationId: org.id,
      name: `Lista ${tag}`,
      purpose: 'vacunacion',
      status: 'ready',
      validRows: 1,
    })
    .returning();
  if (!contactList) throw new Error('contact list insert returned nothing');
  await db.insert(schema.contactListEntry).values({
    organizationId: org.id,
    listId: contactList.id,
    citizenId: citizen.id,
    rowNumber: 1,
    phone: citizen.phones[0],
  });
  const [campaign] = await db
    .insert(schema.campaign)
    .values({
      organizationId: org.id,
      name: `Campaña ${tag}`,
      status: 'running',
      flowId: flow.id,
      purpose: 'vacunacion',
      audience: { listIds: [contactList.id], filters: [] },
      schedule: {
        startAt: null,
        endAt: null,
        timeZone: 'America/Argentina/Cordoba',
        windows: [],
        channelWindows: {},
        holidays: 'AR-S',
      },
      pacing: { perSecond: 5, maxConcurrent: 10 },
    })
    .returning();
  if (!campaign) throw new Error('campaign insert returned nothing');
  return {
    org,
    members,
    contactListId: contactList.id,
    campaignId: campaign.id,
    campaignName: campaign.name,
    queue,
    flow,
    executionId,
    apiKeyId: key.id,
    bindingId: binding.id,
    phoneNumberId: phone.id,
    phoneNumber: phone.number,
    scenarioId: scenario.id,
    recordingId: recording.id,
    citizenId: citizen.id,
    secretId: secret.id,
    secretName,
    secretValue,
    doNotContactId: dnc.id,
    dncAddress,
    contactListName: contactList.name,
    tag,
  };
}

export type Tenant = Awaited<ReturnType<typeof createTenant>>;

/** A tRPC caller with a session as the HTTP route would build it. */
export function callerAs(db: Database, session: Omit<SessionInfo, 'id'> & { id?: string }) {
  return createCaller(createContext({ db, session: { id: session.id ?? randomUUID(), ...session } }));
}

export function callerFor(db: Database, tenant: Tenant, who: Role | 'all') {
  return callerAs(db, { userId: tenant.members[who].userId, activeOrganizationId: tenant.org.id });
}

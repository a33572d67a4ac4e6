import { hashPassword } from 'better-auth/crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { ZCampaignPacing, ZCampaignSchedule } from '@/lib/contracts/campaign';
import type { Role } from '@/lib/roles';
import type { Logger } from '@/server/logger';
import { createBinding } from '@/server/services/bindings/bindings';
import { createFlow } from '@/server/services/flows/flows';
import { publishFlow } from '@/server/services/flows/publish';
import { addNumber } from '@/server/services/telephony/phone-numbers';
import { saveScenario } from '@/server/services/test-scenarios/scenarios';
import { vaccinationReminder } from '@/workflows/dsl/templates/vaccination-reminder';
import { type Database, schema } from '../index';
import { reminderApiFlow, reminderApiScenarios, vaccinationIvr, vaccinationIvrScenarios } from './demo-flows';
import { seedDemoHistory } from './demo-history';
import { addMember, createAgent, createOrganization, createQueue, createUser } from './factories';

const DEMO_PASSWORD = 'cauce-demo';

type DemoUser = { email: string; name: string; memberships: { org: 'salud' | 'vera'; roles: Role[] }[] };

/** The demo accounts listed in the README (local use only). */
export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@salud.demo', name: 'Ana Admin', memberships: [{ org: 'salud', roles: ['admin'] }] },
  { email: 'disenio@salud.demo', name: 'Diego Diseño', memberships: [{ org: 'salud', roles: ['designer'] }] },
  {
    email: 'campanias@salud.demo',
    name: 'Carla Campañas',
    memberships: [{ org: 'salud', roles: ['campaign_manager'] }],
  },
  { email: 'agente1@salud.demo', name: 'Andrés Agente', memberships: [{ org: 'salud', roles: ['agent'] }] },
  { email: 'agente2@salud.demo', name: 'Agustina Agente', memberships: [{ org: 'salud', roles: ['agent'] }] },
  {
    email: 'supervisor@salud.demo',
    name: 'Sofía Supervisora',
    memberships: [{ org: 'salud', roles: ['supervisor'] }],
  },
  {
    email: 'admin@vera.demo',
    name: 'Valeria Vera',
    memberships: [{ org: 'vera', roles: ['admin', 'designer'] }],
  },
  {
    email: 'coordinacion@cauce.demo',
    name: 'Carlos Coordinador',
    memberships: [
      { org: 'salud', roles: ['supervisor', 'designer'] },
      { org: 'vera', roles: ['admin', 'supervisor'] },
    ],
  },
];

const CITIZENS = [
  {
    dni: '20123456',
    firstName: 'María',
    lastName: 'González',
    phones: ['+5493424000001'],
    locality: 'Santa Fe',
  },
  { dni: '27234567', firstName: 'Juan', lastName: 'Pérez', phones: ['+5493424000002'], locality: 'Vera' },
  {
    dni: '30345678',
    firstName: 'Lucía',
    lastName: 'Fernández',
    phones: ['+5493414000003'],
    locality: 'Rosario',
  },
  {
    dni: '33456789',
    firstName: 'Jorge',
    lastName: 'Romero',
    phones: ['+5493424000004'],
    locality: 'Santo Tomé',
  },
  {
    dni: '40567890',
    firstName: 'Camila',
    lastName: 'Sosa',
    phones: ['+5493484000005'],
    locality: 'Reconquista',
  },
];

/**
 * Business hours, an area, a published IVR on +54 342 400-0000 (registered to Salud on the platform
 * account, bound to the IVR), and an API reminder flow.
 */
async function seedDemoFlows(
  db: Database,
  args: { organizationId: string; userId: string; queueId: string },
) {
  const actor = { organizationId: args.organizationId, userId: args.userId, requestId: 'seed' };
  const [schedule] = await db
    .insert(schema.schedule)
    .values({
      organizationId: args.organizationId,
      name: 'Lunes a viernes de 8 a 18',
      windows: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })),
    })
    .returning();
  const [area] = await db
    .insert(schema.area)
    .values({ organizationId: args.organizationId, name: 'Vacunatorio central' })
    .returning();
  if (!schedule || !area) throw new Error('demo schedule or area missing');
  // Santa Fe's own holidays, which date-holidays does not know.
  await db.insert(schema.holiday).values([
    { organizationId: args.organizationId, date: '2026-11-15', name: 'Fundación de la ciudad de Santa Fe' },
    { organizationId: args.organizationId, date: '2027-11-15', name: 'Fundación de la ciudad de Santa Fe' },
  ]);
  const ivr = await createFlow(db, actor, {
    name: 'Turnos de vacunación',
    kind: 'inbound_voice',
    description:
      'IVR de la línea de vacunación: horario, menú, búsqueda por DNI, cola y devolución de llamado.',
    graph: vaccinationIvr({ queueId: args.queueId, areaId: area.id, scheduleId: schedule.id }),
  });
  await publishFlow(db, actor, { flowId: ivr.id, note: 'Versión de demostración' });
  // The line belongs to Salud on the platform's Twilio account (settings → Telefonía).
  await addNumber(db, actor, {
    number: DEMO_IVR_NUMBER,
    kind: 'voice_sms',
    account: 'platform',
    label: 'Línea de vacunación',
  });
  await createBinding(db, actor, { flowId: ivr.id, type: 'voice_number', address: DEMO_IVR_NUMBER });
  const reminder = await createFlow(db, actor, {
    name: 'Recordatorio de turno (API)',
    kind: 'api',
    description: 'Otro sistema envía teléfono y fecha; el flujo manda un SMS de recordatorio.',
    graph: reminderApiFlow(),
  });
  await publishFlow(db, actor, { flowId: reminder.id, note: 'Versión de demostración' });
  // The vaccination-reminder template as a published campaign flow, a list of the demo citizens and a
  // draft campaign on both, so Campañas has something to open and launch.
  const campaignFlow = await createFlow(db, actor, {
    name: 'Recordatorio de vacunación (campaña)',
    kind: 'outbound_campaign',
    description: 'SMS con la fecha del turno; si la persona responde NO, pide una devolución de llamado.',
    graph: vaccinationReminder({ queueId: args.queueId, areaId: area.id, scheduleId: schedule.id }),
  });
  await publishFlow(db, actor, { flowId: campaignFlow.id, note: 'Versión de demostración' });
  const citizens = await db
    .select({ id: schema.citizen.id, phones: schema.citizen.phones })
    .from(schema.citizen)
    .where(
      inArray(
        schema.citizen.dni,
        CITIZENS.map((c) => c.dni),
      ),
    );
  const [list] = await db
    .insert(schema.contactList)
    .values({
      organizationId: args.organizationId,
      name: 'Vacunación antigripal 2026 (demo)',
      purpose: 'vacunacion',
      status: 'ready',
      fileName: 'demo.csv',
      validRows: citizens.length,
      createdBy: args.userId,
      completedAt: new Date(),
    })
    .returning();
  if (!list) throw new Error('demo list missing');
  if (citizens.length > 0) {
    await db.insert(schema.contactListEntry).values(
      citizens.map((c, i) => ({
        organizationId: args.organizationId,
        listId: list.id,
        citizenId: c.id,
        rowNumber: i + 2,
        phone: c.phones[0] ?? null,
        phoneKind: 'mobile',
      })),
    );
  }
  await db.insert(schema.campaign).values({
    organizationId: args.organizationId,
    name: 'Antigripal 2026 (demo)',
    flowId: campaignFlow.id,
    channel: 'sms',
    legalBasis: 'public_interest',
    purpose: 'vacunacion',
    audience: { listIds: [list.id], filters: [] },
    schedule: ZCampaignSchedule.parse({}),
    pacing: ZCampaignPacing.parse({}),
    createdBy: args.userId,
  });
  // Saved test-phone sessions: the editor's «Escenarios» and `npm test` run them against each draft.
  const scenarios = [
    ...vaccinationIvrScenarios({ queueId: args.queueId }).map((s) => ({ ...s, flowId: ivr.id })),
    ...reminderApiScenarios().map((s) => ({ ...s, flowId: reminder.id })),
  ];
  for (const scenario of scenarios) {
    await saveScenario(db, { organizationId: args.organizationId, userId: args.userId, ...scenario });
  }
}

export const DEMO_IVR_NUMBER = '+543424000000';

/** Seeds the demo once; refuses in production, where demo accounts must never exist. */
export async function seedDemo(db: Database, log: Logger): Promise<'seeded' | 'already-seeded'> {
  if (process.env.NODE_ENV === 'production') throw new Error('Demo data is never seeded in production');
  const existing = await db.query.organization.findFirst({
    where: eq(schema.organization.slug, 'ministerio-de-salud'),
  });
  if (existing) return 'already-seeded';

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const seeded = await db.transaction(async (tx) => {
    // Two processes seeding at once (parallel test files) must not both insert: the second waits here.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('cauce-demo-seed'))`);
    const meanwhile = await tx.query.organization.findFirst({
      where: eq(schema.organization.slug, 'ministerio-de-salud'),
    });
    if (meanwhile) return false;
    const orgs = {
      salud: await createOrganization(tx, { name: 'Ministerio de Salud', slug: 'ministerio-de-salud' }),
      vera: await createOrganization(tx, { name: 'Municipalidad de Vera', slug: 'municipalidad-de-vera' }),
    };
    const queue = await createQueue(tx, {
      organizationId: orgs.salud.id,
      name: 'Turnos de vacunación',
      description: 'Consultas y turnos del plan de vacunación',
    });
    await createQueue(tx, { organizationId: orgs.vera.id, name: 'Atención vecinal' });
    for (const u of DEMO_USERS) {
      const user = await createUser(tx, {
        name: u.name,
        email: u.email,
        password: DEMO_PASSWORD,
        passwordHash,
      });
      for (const m of u.memberships) {
        await addMember(tx, { organizationId: orgs[m.org].id, userId: user.id, roles: m.roles });
        if (m.roles.includes('agent')) {
          await createAgent(tx, {
            organizationId: orgs[m.org].id,
            userId: user.id,
            skills: ['vacunacion'],
            queueIds: [queue.id],
          });
        }
      }
    }
    await tx.insert(schema.citizen).values(CITIZENS);
    const adminUser = await tx.query.user.findFirst({ where: eq(schema.user.email, 'admin@salud.demo') });
    if (!adminUser) throw new Error('demo admin missing');
    await seedDemoFlows(tx, { organizationId: orgs.salud.id, userId: adminUser.id, queueId: queue.id });
    await seedDemoHistory(tx, { organizationId: orgs.salud.id });
    return true;
  });
  if (!seeded) return 'already-seeded';
  log.info({ users: DEMO_USERS.length, citizens: CITIZENS.length }, 'demo data seeded');
  return 'seeded';
}

import { asc, eq, inArray } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { seedDemo } from '@/db/seed/demo';
import { differenceMessage, nodeLabel } from '@/lib/test-scenarios/difference-text';
import { closeTestDb, testDb } from '@/scripts/test-setup/fixtures';
import esAR from '@/server/i18n/messages/es-AR.json';
import { createLogger } from '@/server/logger';
import { createActivities } from '@/workflows/activities';
import { findNodeDefinition } from '@/workflows/kinds/registry';
import { startEngineWorker } from '@/workflows/testing/engine-harness';
import { runScenario } from './run-scenario';

/**
 * Every scenario saved in the demo data runs here, through the editor's own runner, against its
 * flow's current draft: a change to the demo flows (or to the engine) that alters what a saved
 * session does fails `npm test` with the difference in the designer's words.
 */
const db = testDb();
await seedDemo(db, createLogger('test'));
const demoOrgs = await db
  .select({ id: schema.organization.id })
  .from(schema.organization)
  .where(inArray(schema.organization.slug, ['ministerio-de-salud', 'municipalidad-de-vera']));
const scenarios = await db
  .select({
    id: schema.flowTestScenario.id,
    organizationId: schema.flowTestScenario.organizationId,
    name: schema.flowTestScenario.name,
    flow: schema.flow.name,
    draft: schema.flow.draft,
  })
  .from(schema.flowTestScenario)
  .innerJoin(schema.flow, eq(schema.flow.id, schema.flowTestScenario.flowId))
  .where(
    inArray(
      schema.flowTestScenario.organizationId,
      demoOrgs.map((o) => o.id),
    ),
  )
  .orderBy(asc(schema.flow.name), asc(schema.flowTestScenario.name));

const es = createTranslator({ locale: 'es-AR', messages: esAR, namespace: 'testScenarios' });
let engine: Awaited<ReturnType<typeof startEngineWorker>>;

describe('the demo data’s saved scenarios pass against their drafts', () => {
  beforeAll(async () => {
    engine = await startEngineWorker(createActivities({ db }));
  });
  afterAll(async () => {
    await engine?.stop();
    await closeTestDb();
  });

  it('finds the demo IVR’s and the API reminder’s scenarios', () => {
    const flows = new Set(scenarios.map((s) => s.flow));
    expect(flows).toEqual(new Set(['Turnos de vacunación', 'Recordatorio de turno (API)']));
    expect(scenarios.length).toBeGreaterThanOrEqual(6);
  });

  it.each(scenarios)('$flow › $name', async (scenario) => {
    const result = await runScenario(
      { db, temporal: async () => engine.client, taskQueue: engine.taskQueue },
      { organizationId: scenario.organizationId, scenarioId: scenario.id },
    );
    const nodes = scenario.draft.nodes.map((n) => ({
      ...n,
      title: findNodeDefinition(n.kind)?.title['es-AR'],
    }));
    const difference = result.difference
      ? differenceMessage(result.difference, (id) => nodeLabel(nodes, id))
      : null;
    // Null, or the first difference as the editor shows it: «Esperaba pasar por «X», pasó por «Y».»
    expect(difference ? es(difference.key, difference.values) : null).toBeNull();
    expect(result.passed).toBe(true);
  });
});

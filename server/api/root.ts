import { createCallerFactory, createTRPCRouter } from '@/server/api/trpc';
import { apiKeysRouter } from './routers/api-keys';
import { auditRouter } from './routers/audit';
import { citizensRouter } from './routers/citizens';
import { executionsRouter } from './routers/executions';
import { flowsRouter } from './routers/flows';
import { meRouter } from './routers/me';
import { membersRouter } from './routers/members';
import { outboxRouter } from './routers/outbox';
import { queuesRouter } from './routers/queues';
import { recordingsRouter } from './routers/recordings';
import { telephonyRouter } from './routers/telephony';
import { testRunsRouter } from './routers/test-runs';
import { testScenariosRouter } from './routers/test-scenarios';

export const appRouter = createTRPCRouter({
  me: meRouter,
  members: membersRouter,
  audit: auditRouter,
  queues: queuesRouter,
  flows: flowsRouter,
  executions: executionsRouter,
  apiKeys: apiKeysRouter,
  outbox: outboxRouter,
  testRuns: testRunsRouter,
  recordings: recordingsRouter,
  citizens: citizensRouter,
  testScenarios: testScenariosRouter,
  telephony: telephonyRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

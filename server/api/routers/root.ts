import 'server-only';
import { createCallerFactory, createTRPCRouter } from '@/server/api/trpc';
import { apiKeysRouter } from './api-keys';
import { auditRouter } from './audit';
import { campaignsRouter } from './campaigns';
import { citizensRouter } from './citizens';
import { complianceRouter } from './compliance';
import { contactListsRouter } from './contact-lists';
import { executionsRouter } from './executions';
import { flowsRouter } from './flows';
import { meRouter } from './me';
import { membersRouter } from './members';
import { outboxRouter } from './outbox';
import { queuesRouter } from './queues';
import { recordingsRouter } from './recordings';
import { retentionRouter } from './retention';
import { secretsRouter } from './secrets';
import { telephonyRouter } from './telephony';
import { testRunsRouter } from './test-runs';
import { testScenariosRouter } from './test-scenarios';

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
  retention: retentionRouter,
  citizens: citizensRouter,
  testScenarios: testScenariosRouter,
  telephony: telephonyRouter,
  secrets: secretsRouter,
  campaigns: campaignsRouter,
  contactLists: contactListsRouter,
  compliance: complianceRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

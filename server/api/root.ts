import { createCallerFactory, createTRPCRouter } from '@/server/api/trpc';
import { auditRouter } from './routers/audit';
import { meRouter } from './routers/me';
import { membersRouter } from './routers/members';
import { queuesRouter } from './routers/queues';

export const appRouter = createTRPCRouter({
  me: meRouter,
  members: membersRouter,
  audit: auditRouter,
  queues: queuesRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

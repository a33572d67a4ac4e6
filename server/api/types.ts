import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './routers/root';

export type RouterOutputs = inferRouterOutputs<AppRouter>;

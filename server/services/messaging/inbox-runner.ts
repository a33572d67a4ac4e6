import { logger } from '@/server/logger';
import type { EngineDeps } from '@/server/services/executions/start-execution';
import { deliverInboundMessage } from './inbound-message';
import { dueInboundMessages, INBOX_MAX_BACKOFF_MS } from './inbox';

export type InboxRunnerOptions = {
  /** Pause between passes when nothing was due (or the database was unreachable). */
  intervalMs?: number;
  /** Messages taken per pass. */
  batch?: number;
  /** The longest wait before a failed message is tried again. */
  maxBackoffMs?: number;
};

const log = logger.child({ component: 'inbox' });

/**
 * Delivers what the inbox still holds (messages whose webhook answered before delivery, or whose
 * delivery failed: Temporal down), oldest first, with a growing backoff per message, until each is
 * delivered. Started beside the worker (workflows/worker/main.ts): it must run while Temporal is
 * down, which a Temporal schedule cannot. Several runners may share the inbox: each message is
 * claimed by one attempt at a time (inbox.ts).
 */
export function startInboxRunner(deps: EngineDeps, opts: InboxRunnerOptions = {}): { stop(): Promise<void> } {
  const intervalMs = opts.intervalMs ?? 1000;
  const batch = opts.batch ?? 50;
  const maxBackoffMs = opts.maxBackoffMs ?? INBOX_MAX_BACKOFF_MS;
  let stopping = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async () => {
    while (!stopping) {
      let due: { id: string; organizationId: string }[] = [];
      try {
        due = await dueInboundMessages(deps.db, batch);
      } catch (err) {
        log.warn({ err }, 'inbox unreachable');
      }
      for (const ref of due) {
        if (stopping) break;
        try {
          const outcome = await deliverInboundMessage(deps, ref, { maxBackoffMs });
          if (outcome)
            log.info({ inboundMessageId: ref.id, action: outcome.action }, 'inbound message delivered');
        } catch (err) {
          log.warn({ err, inboundMessageId: ref.id }, 'inbound message delivery failed; will retry');
        }
      }
      if (due.length < batch && !stopping) await pause(intervalMs);
    }
  };
  const running = loop();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await running;
    },
  };
}

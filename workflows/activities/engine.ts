import 'server-only';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../../db';
import type { EngineActivities } from '../../lib/contracts/engine-activities';
import type { ChannelAdapter } from '../../server/channels/channel-adapter';
import { AppError } from '../../server/errors';
import { recordCallOutcome } from '../../server/services/calls/call-progress';
import { placeCall } from '../../server/services/calls/place-call';
import { lookupCitizen } from '../../server/services/citizens/lookup-citizen';
import { updateCitizen } from '../../server/services/citizens/update-citizen';
import {
  closeExecution,
  openExecution,
  recordTrace,
} from '../../server/services/executions/execution-lifecycle';
import { loadSubflow } from '../../server/services/executions/load-subflow';
import { httpRequest } from '../../server/services/http/http-request';
import { sendMessage } from '../../server/services/messaging/send-message';
import { expectReply } from '../../server/services/replies/reply-wait';
import { scheduleNextOpen, scheduleStatusAt } from '../../server/services/schedules/schedule-status';
import { recordSurvey } from '../../server/services/surveys/record-survey';
import { createTicket } from '../../server/services/tickets/create-ticket';
import { createWorkItem } from '../../server/services/work-items/create-work-item';

export type EngineDeps = { db: Database; channels: ChannelAdapter };

/**
 * The interpreter's activities over PostgreSQL and the channel adapters. Each one hands its input
 * to a service (the same functions the app's procedures use) and turns the services' AppErrors
 * (not found, another organismo's resource, refused URL) into non-retryable failures: retrying
 * cannot fix them, and the step's `attempt` sends the flow down its failure port at once.
 */
export function createEngineActivities({ db, channels }: EngineDeps): EngineActivities {
  return {
    openExecution: (args) =>
      guard(() => openExecution(db, { ...args, workflowId: currentWorkflowId() ?? args.executionId })),
    closeExecution: (args) =>
      guard(async () => {
        const { trace, ...close } = args;
        await recordTrace(db, {
          executionId: args.executionId,
          organizationId: args.organizationId,
          workflowId: currentWorkflowId() ?? args.executionId,
          records: trace,
        });
        const found = await closeExecution(db, close);
        if (!found) Context.current().log.warn('closeExecution: no such execution', { id: args.executionId });
      }),
    recordTrace: (args) =>
      guard(() => recordTrace(db, { ...args, workflowId: currentWorkflowId() ?? args.executionId })),
    sendMessage: (args) => guard(() => sendMessage({ db, channels }, args)),
    placeCall: (args) => guard(() => placeCall({ db, channels }, args)),
    recordCallOutcome: (args) => guard(async () => void (await recordCallOutcome(db, args))),
    lookupCitizen: (args) => guard(() => lookupCitizen(db, args)),
    updateCitizen: (args) => guard(() => updateCitizen(db, args)),
    createTicket: (args) => guard(() => createTicket(db, args)),
    createWorkItem: (args) => guard(() => createWorkItem(db, { ...args, workflowId: currentWorkflowId() })),
    httpRequest: (args) => guard(() => httpRequest(db, args)),
    businessHoursStatus: (args) => guard(() => scheduleStatusAt(db, args)),
    nextOpenTime: (args) => guard(() => scheduleNextOpen(db, args)),
    loadSubflow: (args) => guard(() => loadSubflow(db, args)),
    recordSurvey: (args) => guard(() => recordSurvey(db, args)),
    expectReply: (args) =>
      guard(() => expectReply(db, { ...args, workflowId: currentWorkflowId() ?? args.executionId })),
  };
}

async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError) throw ApplicationFailure.nonRetryable(err.message, err.code, err.details);
    throw err;
  }
}

/** The workflow this activity runs for; a work item keeps it so a disposition can signal it. */
function currentWorkflowId(): string | null {
  try {
    return Context.current().info.workflowExecution?.workflowId ?? null;
  } catch {
    // Outside an activity (a script calling the factory directly) there is no workflow to signal.
    return null;
  }
}

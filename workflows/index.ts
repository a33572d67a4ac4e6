// Every workflow the worker runs is exported here (the worker bundles this file).

export { campaignRun } from './campaign-run';
export { retentionPurge } from './retention-purge';
export { runFlow } from './run-flow';
export { echoUpdate, noop, systemPing } from './system-ping';

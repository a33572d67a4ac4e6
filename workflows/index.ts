// Every workflow the worker runs is exported here (the worker bundles this file).
export { runFlow } from './run-flow';
export { noop, systemPing } from './system-ping';

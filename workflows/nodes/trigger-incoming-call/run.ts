import { defineRunner } from '../../engine/step-context';
import { incomingCallTrigger } from './definition';

export const incomingCallTriggerRunner = defineRunner(incomingCallTrigger, async () => ({ port: 'next' }));

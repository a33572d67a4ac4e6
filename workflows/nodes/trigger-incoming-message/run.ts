import { defineRunner } from '../../engine/step-context';
import { incomingMessageTrigger } from './definition';

export const incomingMessageTriggerRunner = defineRunner(incomingMessageTrigger, async () => ({
  port: 'next',
}));

import { defineRunner } from '../../engine/step-context';
import { apiTrigger } from './definition';

export const apiTriggerRunner = defineRunner(apiTrigger, async () => ({ port: 'next' }));

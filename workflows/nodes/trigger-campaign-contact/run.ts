import { defineRunner } from '../../engine/step-context';
import { campaignContactTrigger } from './definition';

export const campaignContactTriggerRunner = defineRunner(campaignContactTrigger, async () => ({
  port: 'next',
}));

import { defineRunner } from '../../engine/step-context';
import { end } from './definition';

export const endRunner = defineRunner(end, async (c) => ({ port: c.outcome }));

import type { Database } from '@/db';
import type { ChannelAdapter } from './channel-adapter';
import { createSimulatorAdapter } from './simulator';

/**
 * The adapter the worker sends through. Only the simulator exists yet: the Twilio adapter (SMS,
 * WhatsApp, voice) plugs in here when TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN are set, and SMTP for
 * email when SMTP_URL is set (a composite adapter routing sendEmail to SMTP, the rest to Twilio).
 * Test runs (`test: true`) always use the simulator, whatever this returns.
 */
export function channelsFromEnv(db: Database, _env: NodeJS.ProcessEnv = process.env): ChannelAdapter {
  return createSimulatorAdapter(db);
}

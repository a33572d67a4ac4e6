import { arrayContains, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';

export type ConsentChannel = 'sms' | 'whatsapp';

/**
 * Records that the owner of a phone opted out of (or back into) a channel with an organismo.
 * Consent hangs on citizens, so every citizen with that phone gets it; a phone nobody in the base
 * has yet gets a minimal citizen (no name, only the phone), because an opt-out must hold for the
 * number from the moment it is asked for, and sends are matched to opt-outs by phone.
 */
export async function setPhoneConsent(
  db: Database,
  args: {
    organizationId: string;
    phone: string;
    channel: ConsentChannel;
    status: 'opted_out' | 'granted';
    source: string;
  },
): Promise<{ citizenIds: string[]; created: boolean }> {
  return db.transaction(async (tx) => {
    let created = false;
    let citizens = await tx
      .select({ id: schema.citizen.id })
      .from(schema.citizen)
      .where(arrayContains(schema.citizen.phones, [args.phone]));
    if (citizens.length === 0) {
      // Re-subscribing a number we never knew needs no row: nothing opted it out.
      if (args.status === 'granted') return { citizenIds: [], created: false };
      citizens = await tx
        .insert(schema.citizen)
        .values({
          firstName: '',
          lastName: '',
          phones: [args.phone],
          attributes: { created_from: args.source },
        })
        .returning({ id: schema.citizen.id });
      created = true;
    }
    for (const c of citizens) {
      await tx
        .insert(schema.citizenConsent)
        .values({
          organizationId: args.organizationId,
          citizenId: c.id,
          channel: args.channel,
          status: args.status,
          source: args.source,
        })
        .onConflictDoUpdate({
          target: [
            schema.citizenConsent.organizationId,
            schema.citizenConsent.citizenId,
            schema.citizenConsent.channel,
          ],
          set: { status: args.status, source: args.source, updatedAt: sql`now()` },
        });
    }
    return { citizenIds: citizens.map((c) => c.id), created };
  });
}

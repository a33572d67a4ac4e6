import { eq, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';
import { normalizeEmail, normalizePhone } from '@/server/services/citizens/contact-address';
import type { RightsActor } from './export-citizen';
import { personLinks, requireHeldHere } from './person-links';

export type Rectification = {
  firstName: string;
  lastName: string;
  dni: string | null;
  phones: string[];
  email: string | null;
  locality: string | null;
  birthDate: string | null;
};

const FIELDS = ['firstName', 'lastName', 'dni', 'phones', 'email', 'locality', 'birthDate'] as const;

/**
 * Art. 16 (rectification): an admin of an organismo that holds data on the person corrects their
 * record in the shared base (the correction is everyone's: it is the same person). Phones and
 * email are normalized as flows store them; a DNI another citizen has is refused. The audit row
 * names the fields that changed, not their values, so erasing the person later leaves no copy.
 */
export async function rectifyCitizen(
  db: Database,
  actor: RightsActor,
  citizenId: string,
  input: Rectification,
): Promise<{ changed: string[] }> {
  const links = await personLinks(db, actor.organizationId, citizenId);
  await requireHeldHere(db, actor.organizationId, links);
  const phones = input.phones.map((p) => {
    const phone = normalizePhone(p);
    if (!phone) throw new AppError('INVALID_INPUT', `"${p}" is not a phone number`, { field: 'phones' });
    return phone;
  });
  const email = input.email ? normalizeEmail(input.email) : null;
  if (input.email && !email) throw new AppError('INVALID_INPUT', 'Not an email address', { field: 'email' });
  const dni = input.dni ? input.dni.replace(/[\s.-]/g, '') : null;
  if (dni && !/^\d{6,9}$/.test(dni)) throw new AppError('INVALID_INPUT', 'Not a DNI', { field: 'dni' });
  if (dni) {
    const other = await db.query.citizen.findFirst({
      where: eq(schema.citizen.dni, dni),
      columns: { id: true },
    });
    if (other && other.id !== citizenId)
      throw new AppError('INVALID_INPUT', 'Another citizen has that DNI', { field: 'dni' });
  }
  const next = {
    firstName: input.firstName.trim(),
    lastName: input.lastName.trim(),
    dni,
    phones: [...new Set(phones)],
    email,
    locality: input.locality?.trim() || null,
    birthDate: input.birthDate || null,
  };
  const before = links.citizen;
  const changed = FIELDS.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(next[key]));
  if (changed.length === 0) return { changed };
  await db.transaction(async (tx) => {
    await tx
      .update(schema.citizen)
      .set({ ...next, updatedAt: sql`now()` })
      .where(eq(schema.citizen.id, citizenId));
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'citizen.rectified',
      targetType: 'citizen',
      targetId: citizenId,
      data: { fields: changed },
      requestId: actor.requestId,
    });
  });
  return { changed };
}

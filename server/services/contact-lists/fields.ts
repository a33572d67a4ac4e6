import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { type CustomFieldDef, FIELD_TYPES, type FieldType } from '@/lib/contact-lists/mapping';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';

export type CustomField = CustomFieldDef & { id: string; label: string };

/** The organismo's custom citizen fields, which list columns map to (dose_date as a date). */
export async function listFields(db: Database, organizationId: string): Promise<CustomField[]> {
  const rows = await db
    .select({
      id: schema.citizenField.id,
      key: schema.citizenField.key,
      type: schema.citizenField.type,
      label: schema.citizenField.label,
    })
    .from(schema.citizenField)
    .where(eq(schema.citizenField.organizationId, organizationId))
    .orderBy(asc(schema.citizenField.key));
  return rows.map((r) => ({ ...r, type: fieldType(r.type) }));
}

export async function createField(
  db: Database,
  actor: { organizationId: string; userId: string; requestId: string },
  input: { key: string; type: FieldType; label: string },
): Promise<CustomField> {
  const [row] = await db
    .insert(schema.citizenField)
    .values({ organizationId: actor.organizationId, key: input.key, type: input.type, label: input.label })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError('FIELD_KEY_TAKEN', `A field named ${input.key} exists`);
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action: 'citizen_field.created',
    targetType: 'citizen_field',
    targetId: row.id,
    data: { key: row.key, type: row.type },
    requestId: actor.requestId,
  });
  return { id: row.id, key: row.key, type: input.type, label: row.label };
}

function fieldType(value: string): FieldType {
  return FIELD_TYPES.find((t) => t === value) ?? 'text';
}

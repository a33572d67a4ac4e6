import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { callerFor, closeTestDb, createTenant, testDb } from '@/scripts/test-setup/fixtures';
import { resolveOrgSecrets } from './org-secrets';

const db = testDb();
afterAll(closeTestDb);

describe('org secrets', () => {
  it('admins create, list (names only), replace and delete them, each audited', async () => {
    const t = await createTenant(db, 'Secretos');
    const admin = callerFor(db, t, 'admin');
    const created = await admin.secrets.create({ name: 'TOKEN_TURNOS', value: 'primero-123' });
    const listed = await admin.secrets.list();
    expect(listed.map((s) => s.name)).toEqual([t.secretName, 'TOKEN_TURNOS'].sort());
    expect(JSON.stringify(listed)).not.toContain('primero-123');

    const row = await db.query.orgSecret.findFirst({ where: eq(schema.orgSecret.id, created.id) });
    // Stored encrypted, not as the value.
    expect(row?.ciphertext).toMatch(/^v1\./);
    expect(row?.ciphertext).not.toContain('primero-123');
    expect((await resolveOrgSecrets(db, t.org.id, ['TOKEN_TURNOS'])).get('TOKEN_TURNOS')).toBe('primero-123');

    await expect(admin.secrets.create({ name: 'TOKEN_TURNOS', value: 'otro' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await admin.secrets.replace({ id: created.id, value: 'segundo-456' });
    expect((await resolveOrgSecrets(db, t.org.id, ['TOKEN_TURNOS'])).get('TOKEN_TURNOS')).toBe('segundo-456');
    await admin.secrets.delete({ id: created.id });
    await expect(resolveOrgSecrets(db, t.org.id, ['TOKEN_TURNOS'])).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const audit = await db
      .select({ action: schema.auditLog.action, data: schema.auditLog.data })
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.organizationId, t.org.id), eq(schema.auditLog.targetId, created.id)));
    expect(audit.map((a) => a.action).sort()).toEqual([
      'secret.created',
      'secret.deleted',
      'secret.replaced',
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/primero|segundo/);
  });

  it('refuses names a template cannot write and callers who are not admins', async () => {
    const t = await createTenant(db, 'SecretosRoles');
    await expect(
      callerFor(db, t, 'admin').secrets.create({ name: 'con espacio', value: 'x' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(callerFor(db, t, 'designer').secrets.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('does not decrypt a ciphertext copied to another name or organismo', async () => {
    const a = await createTenant(db, 'SecretosA');
    const b = await createTenant(db, 'SecretosB');
    const source = await db.query.orgSecret.findFirst({
      where: eq(schema.orgSecret.organizationId, a.org.id),
    });
    if (!source) throw new Error('fixture secret missing');
    await db
      .insert(schema.orgSecret)
      .values({ organizationId: b.org.id, name: a.secretName, ciphertext: source.ciphertext });
    await expect(resolveOrgSecrets(db, b.org.id, [a.secretName])).rejects.toThrow(/cannot be decrypted/);
  });
});

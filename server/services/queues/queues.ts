import { and, asc, eq, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { AppError } from '@/server/errors';

export async function listQueues(db: Database, organizationId: string) {
  return db
    .select({
      id: schema.queue.id,
      name: schema.queue.name,
      description: schema.queue.description,
      skills: schema.queue.skills,
      agents: sql<number>`(select count(*)::int from ${schema.queueAgent} qa where qa.queue_id = ${schema.queue.id})`,
    })
    .from(schema.queue)
    .where(eq(schema.queue.organizationId, organizationId))
    .orderBy(asc(schema.queue.name));
}

export async function getQueue(db: Database, organizationId: string, id: string) {
  const row = await db.query.queue.findFirst({
    where: and(eq(schema.queue.id, id), eq(schema.queue.organizationId, organizationId)),
  });
  if (!row) throw new AppError('NOT_FOUND', 'Queue not found');
  return row;
}

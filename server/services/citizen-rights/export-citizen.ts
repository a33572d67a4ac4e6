import { and, asc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { recordAudit } from '@/server/services/audit/record-audit';
import { ofPerson, personLinks, requireHeldHere } from './person-links';

export type RightsActor = { organizationId: string; userId: string; requestId: string };

/**
 * Art. 14 (access): everything Cauce holds on a person for the admin's organismo, as one JSON
 * document: their record in the shared base, this organismo's consents, executions with their
 * variables and step trace, recordings (what is stored of them; the audio stays at Twilio and
 * plays on the citizen's page), messages sent to them, tickets, work items and survey answers.
 * Another organismo's data on the same person is that organismo's to give. Audited (the audit row
 * names the citizen by id only).
 */
export async function exportCitizen(db: Database, actor: RightsActor, citizenId: string) {
  const organizationId = actor.organizationId;
  const links = await personLinks(db, organizationId, citizenId);
  await requireHeldHere(db, organizationId, links);
  const executionIds = links.executions.map((e) => e.id);
  const byExecution = <T extends SQL>(condition: T, column: Parameters<typeof inArray>[0]): SQL =>
    executionIds.length > 0 ? (or(condition, inArray(column, executionIds)) ?? condition) : condition;
  const executions =
    executionIds.length === 0
      ? []
      : await db
          .select()
          .from(schema.execution)
          .where(
            and(
              eq(schema.execution.organizationId, organizationId),
              inArray(schema.execution.id, executionIds),
            ),
          )
          .orderBy(asc(schema.execution.startedAt));
  const trace =
    executionIds.length === 0
      ? []
      : await db
          .select()
          .from(schema.executionTrace)
          .where(
            and(
              eq(schema.executionTrace.organizationId, organizationId),
              inArray(schema.executionTrace.executionId, executionIds),
            ),
          )
          .orderBy(asc(schema.executionTrace.executionId), asc(schema.executionTrace.seq));
  const toContacts =
    links.contacts.length > 0
      ? byExecution(inArray(schema.outboundMessage.to, links.contacts), schema.outboundMessage.executionId)
      : executionIds.length > 0
        ? inArray(schema.outboundMessage.executionId, executionIds)
        : null;
  const [consents, recordings, messages, tickets, workItems, surveys] = await Promise.all([
    db
      .select()
      .from(schema.citizenConsent)
      .where(
        and(
          eq(schema.citizenConsent.organizationId, organizationId),
          eq(schema.citizenConsent.citizenId, links.citizen.id),
        ),
      ),
    db
      .select()
      .from(schema.callRecording)
      .where(
        and(eq(schema.callRecording.organizationId, organizationId), ofPerson(links, schema.callRecording)),
      ),
    toContacts
      ? db
          .select()
          .from(schema.outboundMessage)
          .where(and(eq(schema.outboundMessage.organizationId, organizationId), toContacts))
          .orderBy(asc(schema.outboundMessage.createdAt))
      : Promise.resolve([]),
    db
      .select()
      .from(schema.ticket)
      .where(and(eq(schema.ticket.organizationId, organizationId), ofPerson(links, schema.ticket))),
    db
      .select()
      .from(schema.workItem)
      .where(and(eq(schema.workItem.organizationId, organizationId), ofPerson(links, schema.workItem))),
    db
      .select()
      .from(schema.surveyResponse)
      .where(
        and(eq(schema.surveyResponse.organizationId, organizationId), ofPerson(links, schema.surveyResponse)),
      ),
  ]);
  const { citizen } = links;
  const document = {
    format: 'cauce.citizen-export/1',
    exportedAt: new Date().toISOString(),
    organizationId,
    citizen: {
      id: citizen.id,
      dni: citizen.dni,
      firstName: citizen.firstName,
      lastName: citizen.lastName,
      phones: citizen.phones,
      email: citizen.email,
      locality: citizen.locality,
      birthDate: citizen.birthDate,
      attributes: citizen.attributes,
      createdAt: citizen.createdAt,
      updatedAt: citizen.updatedAt,
    },
    consents: consents.map(({ organizationId: _o, citizenId: _c, ...c }) => c),
    executions: executions.map(({ organizationId: _o, ...e }) => ({
      ...e,
      trace: trace
        .filter((r) => r.executionId === e.id)
        .map(({ organizationId: _o2, executionId: _e, ...r }) => r),
    })),
    recordings: recordings.map((r) => ({
      id: r.id,
      executionId: r.executionId,
      stepId: r.stepId,
      source: r.source,
      recordingSid: r.recordingSid,
      callSid: r.callSid,
      durationSeconds: r.durationSeconds,
      createdAt: r.createdAt,
    })),
    messages: messages.map((m) => ({
      id: m.id,
      executionId: m.executionId,
      channel: m.channel,
      to: m.to,
      subject: m.subject,
      body: m.body,
      html: m.html,
      status: m.status,
      createdAt: m.createdAt,
    })),
    tickets: tickets.map(({ organizationId: _o, idempotencyKey: _k, ...t }) => t),
    workItems: workItems.map(({ organizationId: _o, idempotencyKey: _k, ...w }) => w),
    surveys: surveys.map(({ organizationId: _o, ...s }) => s),
  };
  await recordAudit(db, {
    organizationId,
    actorUserId: actor.userId,
    action: 'citizen.exported',
    targetType: 'citizen',
    targetId: citizen.id,
    data: {
      executions: document.executions.length,
      recordings: document.recordings.length,
      messages: document.messages.length,
      tickets: document.tickets.length,
      workItems: document.workItems.length,
      surveys: document.surveys.length,
      consents: document.consents.length,
    },
    requestId: actor.requestId,
  });
  return document;
}

import type { InboundMessage } from '../channels/channelTypes';
import { messagePriorities } from '../db/entities/Message';
import { learningEventTypes, type DomainEvent } from '../events/domainEvent';
import { eventsForStep } from '../events/eventsForStep';
import { activityKinds } from '../gamification/activityKinds';
import { cachedActiveRules } from '../gamification/loadActiveRules';
import { planStepLedger } from '../gamification/recordStepLedger';
import type { HotPath, RolledBack, TenantTransaction } from '../hotPath/openHotPath';
import { collectStepWrites, UnbatchedAction, type StepWrites } from './collectStepWrites';
import { describeLocalTime } from './describeLocalTime';
import type { ChannelRef } from './engineRows';
import type { InboundOutcome } from './inboundOutcome';
import { readBlueprintVersion, readInboundStep } from './hotInboundStatements';
import { inboundWriteShape, writeInboundStep } from './inboundWriteStatement';
import { endJourneyHot } from './hotJourneyEndStatement';
import { ledgerValues, ledgerValuesAfterWrites, writeInboundStepWithLedger, writeLedgerHot } from './hotLedgerStatement';
import { cachedBlueprintMachine, compileStoredBlueprint, type LoadedBlueprint } from './loadBlueprintMachine';
import { mayBeFirstActivityOfPeriod } from './mayBeFirstActivityOfPeriod';
import { mayRaiseInboxItem } from './raiseStepInboxItems';
import { readInboundStepRow } from './readInboundStepRow';
import { restoreSnapshot } from './restoreSnapshot';
import { SNAPSHOT_FORMAT, toStoredSnapshot } from './snapshotFormat';
import { systemText } from './systemTexts';
import { transitionRestored } from './transitionRestored';

/** The ORM path takes the step instead (nothing of it was kept). */
export const TAKE_ORM_PATH = Symbol('take the ORM path');

async function blueprintFor(tx: TenantTransaction, organizationId: string, blueprintId: string): Promise<LoadedBlueprint> {
  const cached = cachedBlueprintMachine(organizationId, blueprintId);
  if (cached) return cached;
  const [row] = await tx.run(readBlueprintVersion, [blueprintId]);
  if (!row) throw new Error(`Blueprint version ${blueprintId} does not exist in this organization`);
  return compileStoredBlueprint(organizationId, blueprintId, row.definition, row.touchpoints as { id: string; key: string }[]);
}

function writeValues(ids: { conversation: string; worker: string; assignment: string; channel: string }, at: number, snapshot: string | null, writes: StepWrites, events: readonly DomainEvent[], done: boolean) {
  return [
    ids.conversation, ids.worker, ids.assignment, ids.channel, new Date(at), messagePriorities.reply, snapshot, SNAPSHOT_FORMAT,
    writes.outbound, writes.progressInserts, writes.progressUpdates, writes.timersSet, writes.timersCancelled, writes.wellBeing,
    writes.quizAnswers, writes.quizAnswersCorrect,
    events.map((event) => ({ type: event.type, occurredAt: new Date(event.occurredAt).toISOString(), data: event.data })), learningEventTypes,
    done, writes.badges,
  ];
}

/**
 * The journey's end on the hot path: the worker's assignments completed when no journey follows
 * (its `program.completed` events join the step's), or TAKE_ORM_PATH when one does (the ORM
 * path starts it).
 */
async function endJourney(tx: TenantTransaction, workerId: string, at: number): Promise<DomainEvent[] | typeof TAKE_ORM_PATH> {
  const [ended] = await tx.run(endJourneyHot.statement, endJourneyHot.values({ worker: workerId, at: new Date(at) }));
  if (!ended || ended.journey_follows === true) return TAKE_ORM_PATH;
  const programs = ended.completed_programs;
  if (!Array.isArray(programs)) throw new Error(`Unreadable journey end: completed_programs is ${typeof programs}`);
  return programs.map(String).map((programId) => ({ type: 'program.completed', workerId, occurredAt: at, data: { programId } }));
}

/**
 * The common inbound step (a known, active worker answering their running conversation, no
 * keyword) in two to four round trips on prepared statements: (1) BEGIN + lock the worker and
 * the conversation, log the message, read what the machine needs; (2) the points the step earns,
 * on their own only when they may be the worker's first activity of the streak period; (3) at the
 * journey's end, the worker's assignments completed (`endJourney`); (4) every other write of the
 * step (badges and their announcements included, the points otherwise) in one statement + COMMIT.
 * Anything else (an unknown sender, an opted-out worker, no conversation, a paused program, a
 * journey followed by another, a repeated question after a broadcast, a journey that branches on
 * an experiment, a step that may raise a coach inbox item, a badge of the rules file) rolls back and answers TAKE_ORM_PATH, before any effect.
 */
export async function runHotInboundStep(hot: HotPath, channel: ChannelRef, message: InboundMessage, at: number): Promise<InboundOutcome | typeof TAKE_ORM_PATH> {
  const session = hot.forOrganization(channel.organizationId);
  type Answer = InboundOutcome | typeof TAKE_ORM_PATH;
  const orm: RolledBack<Answer> = { rollback: true, value: TAKE_ORM_PATH };
  return session.transaction<Answer>(async (tx) => {
    const payload = { replyId: message.replyId, media: message.media, profileName: message.profileName, unsupported: message.unsupported };
    const rows = await tx.run(readInboundStep, [
      channel.id, message.from, message.providerMessageId, message.text ?? message.media?.caption ?? null, payload, new Date(at),
      message.media ? 'pending' : null, message.media ? new Date(at) : null, JSON.stringify(activityKinds),
    ]);
    const step = readInboundStepRow(rows);
    if (!step?.conversation_id || !step.worker_assignment_id || !step.journey_blueprint_id || step.snapshot_format === null) return orm;
    if (step.status !== 'active' || step.bot_paused || step.program_status === 'paused') return orm;
    if (!step.inbound_id) return { kind: 'duplicate' };

    const blueprint = await blueprintFor(tx, channel.organizationId, step.journey_blueprint_id);
    // A journey that branches on an experiment records exposures: the ORM path does that.
    if (blueprint.variantDecisions.size > 0) return orm;
    const conversation = { id: step.conversation_id, snapshot: step.snapshot, snapshot_format: step.snapshot_format };
    const { snapshot, upgraded } = restoreSnapshot(blueprint, conversation);
    const text = message.text ?? message.media?.caption ?? '';
    const event = { type: 'ANSWER' as const, text, replyId: message.replyId, ...(message.media ? { media: message.media.kind } : {}), at };
    const [next, actions] = transitionRestored(blueprint.machine, snapshot, event);
    const sentHint = actions.some((action) => action.type === 'sendContent' && String((action.params as { contentKey: string }).contentKey).endsWith('.hint'));
    // What was sent last matters only to a hint (after a broadcast, or after the same hint); with
    // nothing sent in the eight days read, the ORM path looks further back.
    if (sentHint && step.last_outbound === null) return orm;
    const interrupted = step.last_outbound !== null && step.last_outbound.conversationId !== step.conversation_id;
    if (interrupted && sentHint) return orm;
    // A step that may need a person (coach inbox) is raised by the ORM path, in its transaction.
    if (mayRaiseInboxItem(actions, step.last_outbound?.contentKey ?? null)) return orm;

    const gamification = next.context.worker.delivery?.gamification !== false;
    let writes: StepWrites;
    try {
      writes = collectStepWrites({ touchpointIds: blueprint.touchpointIds, at, gamification }, actions, step.progress ?? { attempts: {}, open: [] });
    } catch (error) {
      if (error instanceof UnbatchedAction) return orm;
      throw error;
    }
    const language = step.language ?? 'en';
    const pacingDueAt = step.pacing_due_at?.getTime();
    if (pacingDueAt !== undefined) {
      const when = describeLocalTime(pacingDueAt, at, step.timezone, language);
      writes.outbound.push({ touchpointKey: null, body: systemText(language, 'waitingForNext', { when }), payload: {} });
    }
    // As saveConversationStep: an event the machine ignored leaves the stored snapshot alone, unless it is to be upgraded.
    const stored = JSON.stringify(toStoredSnapshot(next));
    const snapshotChanged = upgraded || stored !== JSON.stringify(toStoredSnapshot(snapshot));
    const ids = { conversation: step.conversation_id, worker: step.worker_id, assignment: step.worker_assignment_id, channel: channel.id };
    // The points ledger, written with the step's other writes. The first step after the rules'
    // cache expired, and the first activity of a streak period (a kept streak is announced), take
    // the ORM path: a step that may be the first runs the ledger on its own first, to know.
    const rules = cachedActiveRules(channel.organizationId);
    if (!rules) return orm;
    // Badges of the organization's rules file are awarded (and announced) by the ORM path.
    if (rules.rules.badges.length > 0) return orm;
    const ledgerSource = { conversationId: step.conversation_id, workerId: step.worker_id, assignmentId: step.worker_assignment_id, document: blueprint.document, at, timezone: step.timezone, gamification };
    const ledger = planStepLedger(ledgerSource, actions, rules);
    const ledgerAlone = ledger.entries.length > 0 && mayBeFirstActivityOfPeriod(step.last_activity_day, ledger.entries, ledger.write);
    if (ledgerAlone) {
      const [written] = await tx.run(writeLedgerHot, ledgerValues(ledger.entries, ledger.write));
      if (written?.firstActivityOfPeriod === true) return orm;
    }
    const ledgerWithWrites = ledger.entries.length > 0 && !ledgerAlone;
    const events = eventsForStep(actions, { conversationId: step.conversation_id, workerId: step.worker_id, journeyKey: blueprint.document.blueprint.key, at });
    const done = next.status === 'done';
    if (done) {
      const programsCompleted = await endJourney(tx, step.worker_id, at);
      if (programsCompleted === TAKE_ORM_PATH) return orm;
      events.push(...programsCompleted);
    }
    const snapshotWritten = snapshotChanged ? stored : null;
    const values = writeValues(ids, at, snapshotWritten, writes, events, done);
    const shape = inboundWriteShape(writes, snapshotWritten, events.length);
    if (ledgerWithWrites) await tx.runAndCommit(writeInboundStepWithLedger(shape), [...values, ...ledgerValuesAfterWrites(ledger.entries, ledger.write)]);
    else await tx.runAndCommit(writeInboundStep(shape), values);
    if (pacingDueAt !== undefined) return { kind: 'pacing_wait', conversationId: step.conversation_id, nextAt: pacingDueAt };
    return { kind: 'advanced', conversationId: step.conversation_id, completed: done };
  });
}

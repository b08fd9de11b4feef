import { defineTenantStatement, type TenantStatement } from '../hotPath/tenantStatement';
import { eventOutboxCtes } from '../events/eventOutboxCtes';
import type { StepWrites } from './collectStepWrites';

/**
 * Every write of a common inbound step in one statement, one CTE per kind of row, each fed by a
 * JSON array (flushStepWrites). $2 conversation, $3 worker, $4 assignment, $5 channel, $6 at,
 * $7 priority, $8 new snapshot (null: unchanged), $9 its format, $10 outbound messages (in order),
 * $11 new progress rows, $12 progress rows completed, $13 timers set, $14 send ids of timers
 * cancelled, $15 well-being answers, $16 quiz answers, $17 of them correct, $18 the step's domain
 * events (written as `insertDomainEvents` writes them: `eventOutboxCtes`), $19 the learning event types,
 * $20 the journey ended (the conversation is completed), $21 keys of the badges awarded (an
 * outbound message with a `badgeKey` is queued only when that badge was awarded now).
 *
 * A step's statement holds only the CTEs of the kinds of rows it writes (`InboundWriteShape`): each
 * CTE costs PostgreSQL the start of its plan (relations and indexes opened, nodes built) on every
 * run, even with nothing to write, and most steps write four or five kinds of the ten. Each shape is
 * its own prepared statement, bound with the same values.
 */
export const INBOUND_WRITE_PARAMETERS = 21;

/** The kinds of rows a step writes. */
export interface InboundWriteShape {
  /** The snapshot changed (else only the conversation's version moves). */
  snapshot: boolean;
  badges: boolean;
  outbound: boolean;
  progressAdded: boolean;
  progressCompleted: boolean;
  timersSet: boolean;
  timersCancelled: boolean;
  wellBeing: boolean;
  /** Quiz answers or well-being answers: the worker's counters move. */
  workerCounters: boolean;
  events: boolean;
}

/** The shape of a step's values: `snapshot` is the new one (null: unchanged), `events` how many. */
export function inboundWriteShape(writes: StepWrites, snapshot: string | null, events: number): InboundWriteShape {
  return {
    snapshot: snapshot !== null,
    badges: writes.badges.length > 0,
    outbound: writes.outbound.length > 0,
    progressAdded: writes.progressInserts.length > 0,
    progressCompleted: writes.progressUpdates.length > 0,
    timersSet: writes.timersSet.length > 0,
    timersCancelled: writes.timersCancelled.length > 0,
    wellBeing: writes.wellBeing.length > 0,
    workerCounters: writes.wellBeing.length > 0 || writes.quizAnswers > 0,
    events: events > 0,
  };
}

const outboundCte = (badgeKeys: boolean) => `outbound as (
     insert into messages (organization_id, channel_id, worker_id, conversation_id, touchpoint_key, direction, body, payload, status, priority, created_at)
     select $1, $5::uuid, $3::uuid, $2::uuid, e.item->>'touchpointKey', 'outbound', e.item->>'body', e.item->'payload', 'queued', $7::smallint, $6::timestamptz
       from jsonb_array_elements($10::jsonb) with ordinality as e(item, ord)
      where e.item->>'badgeKey' is null${badgeKeys ? `
         or exists (select 1 from badges_awarded a join badges b on b.id = a.badge_id where b.organization_id = $1 and b.key = e.item->>'badgeKey')` : ''}
      order by e.ord
     returning id)`;

/** The conversation's new snapshot. */
const conversationSaved = `conversation_saved as (
     update conversations set version = version + 1, updated_at = $6::timestamptz, snapshot = $8::jsonb, snapshot_format = $9::int,
            status = case when $20::boolean then 'completed' else status end,
            ended_at = case when $20::boolean then $6::timestamptz else ended_at end
      where (organization_id = $1) is true and id = $2::uuid
     returning id)`;

/** Only the conversation's version moves when its snapshot did not change. */
const conversationCounted = `conversation_counted as (
     update conversations set version = version + 1, updated_at = $6::timestamptz
      where (organization_id = $1) is true and id = $2::uuid
     returning id)`;

/** The kinds of rows whose CTE is the same text in every shape. */
const ctes: Record<Exclude<keyof InboundWriteShape, 'snapshot' | 'outbound'>, string> = {
  badges: `badges_awarded as (
     insert into worker_badges (worker_id, badge_id, organization_id, awarded_at)
     select $3::uuid, b.id, $1, $6::timestamptz
       from jsonb_array_elements_text($21::jsonb) k join badges b on b.organization_id = $1 and b.key = k.value
     on conflict do nothing
     returning badge_id)`,
  progressAdded: `progress_added as (
     insert into worker_progress (id, organization_id, worker_assignment_id, touchpoint_id, started_at, completed_at, answer, score, correct, feedback_text, attempt)
     select (e->>'id')::uuid, $1, $4::uuid, (e->>'touchpointId')::uuid, (e->>'startedAt')::timestamptz, (e->>'completedAt')::timestamptz,
            e->>'answer', (e->>'score')::numeric, (e->>'correct')::boolean, e->>'feedback', (e->>'attempt')::int
       from jsonb_array_elements($11::jsonb) e
     returning id)`,
  progressCompleted: `progress_completed as (
     update worker_progress wp
        set completed_at = (e->>'completedAt')::timestamptz, updated_at = (e->>'completedAt')::timestamptz,
            answer = case when (e->>'setResult')::boolean then e->>'answer' else wp.answer end,
            score = case when (e->>'setResult')::boolean then (e->>'score')::numeric else wp.score end,
            correct = case when (e->>'setResult')::boolean then (e->>'correct')::boolean else wp.correct end,
            feedback_text = case when (e->>'setResult')::boolean then e->>'feedback' else wp.feedback_text end
       from jsonb_array_elements($12::jsonb) e
      where (wp.organization_id = $1) is true and wp.worker_assignment_id = $4::uuid and wp.id = (e->>'id')::uuid
     returning wp.id)`,
  timersSet: `timers_set as (
     insert into timers (organization_id, conversation_id, send_id, event, due_at, created_at)
     select $1, $2::uuid, e->>'sendId', e->'event', (e->>'dueAt')::timestamptz, $6::timestamptz
       from jsonb_array_elements($13::jsonb) e
     on conflict (conversation_id, send_id) do update set event = excluded.event, due_at = excluded.due_at, created_at = excluded.created_at,
                   attempts = 0, last_error = null, set_aside_at = null, claimed_until = null
     returning id)`,
  timersCancelled: `timers_cancelled as (
     delete from timers
      where (organization_id = $1) is true and conversation_id = $2::uuid and send_id in (select jsonb_array_elements_text($14::jsonb))
     returning id)`,
  wellBeing: `well_being as (
     insert into well_being_answers (organization_id, worker_id, worker_assignment_id, touchpoint_id, value, answered_at)
     select $1, $3::uuid, $4::uuid, (e->>'touchpointId')::uuid, (e->>'value')::int, $6::timestamptz
       from jsonb_array_elements($15::jsonb) e
     returning id)`,
  workerCounters: `worker as (
     update workers
        set well_being_score = coalesce((select (e.item->>'value')::int from jsonb_array_elements($15::jsonb) with ordinality as e(item, ord) order by e.ord desc limit 1), well_being_score),
            updated_at = case when jsonb_array_length($15::jsonb) > 0 then $6::timestamptz else updated_at end,
            quiz_answers = quiz_answers + $16::int,
            quiz_answers_correct = quiz_answers_correct + $17::int,
            performance_metric = case when $16::int > 0 then round(100.0 * (quiz_answers_correct + $17::int) / (quiz_answers + $16::int))::int else performance_metric end
      where (organization_id = $1) is true and id = $3::uuid
     returning id)`,
  events: `event_input as (
     select e.ord, $3::uuid as worker_id, e.item->>'type' as type, (e.item->>'occurredAt')::timestamptz as occurred_at, e.item->'data' as data
       from jsonb_array_elements($18::jsonb) with ordinality as e(item, ord)),
   ${eventOutboxCtes('event_input', '$1', '$19::jsonb')}`,
};

/**
 * Never run (PostgreSQL drops a CTE nothing reads before planning), but it types every parameter,
 * so each shape binds the same values whichever CTEs read them.
 */
const typedParameters = `typed_parameters as (
     select $2::uuid, $3::uuid, $4::uuid, $5::uuid, $6::timestamptz, $7::smallint, $8::jsonb, $9::int, $10::jsonb, $11::jsonb, $12::jsonb,
            $13::jsonb, $14::jsonb, $15::jsonb, $16::int, $17::int, $18::jsonb, $19::jsonb, $20::boolean, $21::jsonb)`;

// In the order of the statement's CTEs: a CTE reads only those before it (outbound the badges awarded, the deliveries the events).
const kinds: readonly (keyof InboundWriteShape)[] = ['snapshot', 'badges', 'outbound', 'progressAdded', 'progressCompleted', 'timersSet', 'timersCancelled', 'wellBeing', 'workerCounters', 'events'];

/** The CTE of one kind of row in this shape, or none. */
function cteOf(kind: keyof InboundWriteShape, shape: InboundWriteShape): string | undefined {
  if (kind === 'snapshot') return shape.snapshot ? conversationSaved : conversationCounted;
  if (!shape[kind]) return undefined;
  return kind === 'outbound' ? outboundCte(shape.badges) : ctes[kind];
}

/** A short key of the shape (one bit a kind), for statement names. */
function shapeKey(shape: InboundWriteShape): string {
  return kinds.reduce((bits, kind, bit) => bits | (shape[kind] ? 1 << bit : 0), 0).toString(36);
}

/** The shape's CTEs (with the parameter types), for a statement that may add its own after them. */
export function inboundWriteCtes(shape: InboundWriteShape): string {
  const parts = kinds.map((kind) => cteOf(kind, shape)).filter((cte) => cte !== undefined);
  return [...parts, typedParameters].join(',\n   ');
}

/** What the step's writes answer, from their CTEs. */
export function inboundWriteAnswer(shape: InboundWriteShape): string {
  return `(select count(*) from ${shape.snapshot ? 'conversation_saved' : 'conversation_counted'}) as conversations, ${shape.outbound ? '(select count(*) from outbound)' : '0'} as queued`;
}

const statements = new Map<string, TenantStatement>();

/** The statement of `name` for `shape`, defined on its first use and kept (one prepared statement a shape on each connection). */
export function statementForShape(name: string, shape: InboundWriteShape, text: (shape: InboundWriteShape) => string): TenantStatement {
  const key = `${name}_${shapeKey(shape)}`;
  let statement = statements.get(key);
  if (!statement) {
    statement = defineTenantStatement(key, text(shape));
    statements.set(key, statement);
  }
  return statement;
}

/** The step's writes (no points earned), in one statement. */
export function writeInboundStep(shape: InboundWriteShape): TenantStatement {
  return statementForShape('hot_inbound_write', shape, (of) => `with ${inboundWriteCtes(of)}
   select ${inboundWriteAnswer(of)}`);
}

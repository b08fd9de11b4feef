/**
 * The common table expressions that write a batch of events to the outbox, shared by both writers
 * (`insertDomainEvents` and the hot step's write). `input` names a relation with columns `ord`,
 * `worker_id`, `type`, `occurred_at`, `data`; `organization` and `learningTypes` (a JSON array of
 * the learning event types) are SQL expressions.
 *
 * - `event_targets`: where each type of the batch goes: every endpoint of the organization
 *   subscribed to it (enabled or not: a disabled endpoint's deliveries wait for it) and, for a
 *   learning type, the organization's enabled LRS.
 * - `events`: the events whose type goes somewhere, in `ord` order. Nothing reads an event but its
 *   deliveries, so one that no one takes is not written.
 * - `events_to_endpoints`, `events_to_lrs`: a pending delivery per event and target, in the events' order
 *   (a worker's deliveries to one target go out in it).
 */
export function eventOutboxCtes(input: string, organization: string, learningTypes: string): string {
  return `event_targets as (
       select t.type, ep.id as endpoint_id, 'webhook'::text as target
         from (select distinct type from ${input}) t join webhook_endpoints ep on ep.organization_id = ${organization} and t.type = any(ep.events)
       union all
       select t.type, null::uuid, 'xapi'
         from (select distinct type from ${input}) t join lrs_configs lrs on lrs.organization_id = ${organization} and lrs.enabled
        where t.type in (select jsonb_array_elements_text(${learningTypes}))),
     events as (
       insert into domain_events (organization_id, worker_id, type, occurred_at, data)
       select ${organization}, i.worker_id, i.type, i.occurred_at, i.data from ${input} i
        where i.type in (select type from event_targets)
        order by i.ord
       returning id, worker_id, type, occurred_at),
     events_to_endpoints as (${deliveriesTo('webhook', organization)}),
     events_to_lrs as (${deliveriesTo('xapi', organization)})`;
}

/** The deliveries of `events` to their `event_targets` of kind `target`. */
function deliveriesTo(target: 'webhook' | 'xapi', organization: string): string {
  return `
       insert into event_deliveries (organization_id, event_id, worker_id, target, endpoint_id, next_attempt_at)
       select ${organization}, ev.id, ev.worker_id, t.target, t.endpoint_id, ev.occurred_at
         from events ev join event_targets t on t.type = ev.type and t.target = '${target}'
        order by ev.id
       returning id`;
}

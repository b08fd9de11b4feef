/**
 * The SQL condition that an event of type `type` (an SQL expression) has somewhere to go: an
 * endpoint of organization `organization` subscribed to the type (enabled or not: a disabled
 * endpoint's deliveries wait for it), or, for a learning event (`learningTypes`, a JSON array of
 * them), the organization's enabled LRS. Only such events are written: the outbox's rows are read
 * through their deliveries alone, so an event no one takes would be stored and never read.
 */
export function eventTakenSql(type: string, organization: string, learningTypes: string): string {
  return `(exists (select 1 from webhook_endpoints ep where ep.organization_id = ${organization} and ${type} = any(ep.events))
          or ${type} in (select jsonb_array_elements_text(${learningTypes}))
             and exists (select 1 from lrs_configs lrs where lrs.organization_id = ${organization} and lrs.enabled))`;
}

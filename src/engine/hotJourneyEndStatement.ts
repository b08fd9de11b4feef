import { PENDING_PROGRAM_VARIANTS_SQL } from '../experiments/programVariantRouting';
import { defineNamedTenantStatement } from '../hotPath/namedTenantStatement';
import { completeAssignmentsSql, NEXT_JOURNEY_SQL } from './nextJourneySql';

/**
 * A journey's last step on the hot path, before its writes: when the worker has no journey to
 * start next (none left, no program experiment to assign them in first), their assignments are
 * completed as `startNextConversation` completes them, and the programs answered
 * (`completed_programs`); else nothing is written and `journey_follows` is true (the ORM path
 * starts the next journey). `:worker`, `:at`.
 */
export const endJourneyHot = defineNamedTenantStatement(
  'hot_journey_end',
  `with pending_variants as (${PENDING_PROGRAM_VARIANTS_SQL}),
   next_journey as (${NEXT_JOURNEY_SQL}),
   completed as (${completeAssignmentsSql('not exists (select 1 from pending_variants) and not exists (select 1 from next_journey)')})
   select exists (select 1 from pending_variants) or exists (select 1 from next_journey) as journey_follows,
          coalesce((select json_agg(program_id) from completed), '[]'::json) as completed_programs`,
);

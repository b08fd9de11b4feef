import type { MikroORM } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../db/tenancy/scopes';
import type { BenchOrganization } from './setupBenchOrganization';

/**
 * `count` workers enrolled in the bench program, in bulk SQL: each reached 1 to 6 of the
 * onboarding touchpoints (hash of the enrolment), answered the quizzes reached before the last
 * (an option by hash, a third right), one outbound message per touchpoint reached (1 in 20
 * held for a closed window, 1 in 20 failed, 1 in 20 waiting for quiet hours, the rest read),
 * the attributes `site` (10 values) and `employee` (one per worker) and a tenth of them in a segment.
 */
export async function seedAnalyticsProgram(orm: MikroORM, bench: BenchOrganization, count: number, start: Date): Promise<{ segmentId: string }> {
  const em = forOrganization(orm.em, bench.organizationId);
  const params = { program: bench.programId, channel: bench.channelId, count, start };
  await scopedSql(
    em,
    `with new_workers as (
       insert into workers (organization_id, full_name, phone_number, language, timezone, attributes)
       select :organization_id, 'Analytics ' || g, '+1888' || lpad(g::text, 8, '0'), 'en', 'UTC', jsonb_build_object('site', 'site-' || (g % 10), 'employee', 'e-' || g)
         from generate_series(1, :count::int) g returning id)
     insert into worker_assignments (organization_id, program_id, worker_id, status)
     select :organization_id, :program, id, case when abs(hashtext(id::text)) % 6 = 5 then 'completed' else 'active' end from new_workers`,
    params,
  );
  await scopedSql(
    em,
    `insert into conversations (organization_id, worker_id, worker_assignment_id, journey_blueprint_id, status, snapshot, started_at)
     select :organization_id, wa.worker_id, wa.id, pb.journey_blueprint_id, 'active', '{}', :start
       from worker_assignments wa join program_blueprints pb on pb.program_id = wa.program_id
      where wa.organization_id = :organization_id and wa.program_id = :program`,
    params,
  );
  const reached = `
    with enrolments as (
      select wa.id, wa.worker_id, cv.id as conversation_id, abs(hashtext(wa.id::text)) as h, 1 + abs(hashtext(wa.id::text)) % 6 as depth
        from worker_assignments wa join conversations cv on cv.worker_assignment_id = wa.id
       where wa.organization_id = :organization_id and wa.program_id = :program),
    steps as (
      select t.id, t.key, c.type, c.body, (row_number() over (order by ph.sequence_order, t.sequence_order))::int as seq
        from program_blueprints pb join phases ph on ph.journey_blueprint_id = pb.journey_blueprint_id
        join touchpoints t on t.phase_id = ph.id join content c on c.id = t.content_id
       where pb.organization_id = :organization_id and pb.program_id = :program)`;
  await scopedSql(
    em,
    `${reached}
     insert into worker_progress (organization_id, worker_assignment_id, touchpoint_id, started_at, completed_at, attempt, answer, correct, score)
     select :organization_id, e.id, s.id, :start::timestamptz + s.seq * interval '1 hour',
            case when s.seq < e.depth or s.type in ('text', 'media') then :start::timestamptz + (s.seq * 60 + 5 + e.h % 50) * interval '1 minute' end, 1,
            case when s.type = 'quiz' and s.seq < e.depth then s.body -> 'options' -> (e.h % jsonb_array_length(s.body -> 'options'))::int ->> 'id' end,
            case when s.type = 'quiz' and s.seq < e.depth then e.h % 3 = 0 end,
            case when s.type = 'quiz' and s.seq < e.depth then (e.h % 3 = 0)::int end
       from enrolments e join steps s on s.seq <= e.depth`,
    params,
  );
  await scopedSql(
    em,
    `${reached}
     insert into messages (organization_id, channel_id, worker_id, conversation_id, touchpoint_key, direction, body, status, error_code, created_at, sent_at)
     select :organization_id, :channel, e.worker_id, e.conversation_id, s.key, 'outbound', 'bench',
            case (e.h + s.seq) % 20 when 0 then 'held' when 1 then 'failed' when 2 then 'queued' else 'read' end,
            case (e.h + s.seq) % 20 when 0 then 'window_closed' when 1 then '63016' when 2 then 'quiet_hours' end,
            :start::timestamptz + s.seq * interval '1 hour',
            case when (e.h + s.seq) % 20 > 2 then :start::timestamptz + s.seq * interval '1 hour' end
       from enrolments e join steps s on s.seq <= e.depth`,
    params,
  );
  const [segment] = await scopedSql<{ id: string }>(em, `insert into segments (organization_id, name) values (:organization_id, 'Analytics tenth') returning id`);
  await scopedSql(
    em,
    `insert into worker_segment (organization_id, worker_id, segment_id)
     select :organization_id, id, :segment from workers where organization_id = :organization_id and full_name like 'Analytics %' and abs(hashtext(id::text)) % 10 = 0`,
    { segment: segment.id },
  );
  // Vacuumed as autovacuum would: the attribute index's pending entries merged, as in a database that has been running.
  await scopedSql(asSystem(orm.em, 'bench analyze'), 'vacuum analyze workers');
  await scopedSql(asSystem(orm.em, 'bench analyze'), 'analyze worker_assignments; analyze worker_progress; analyze messages; analyze conversations; analyze worker_segment');
  return { segmentId: segment.id };
}

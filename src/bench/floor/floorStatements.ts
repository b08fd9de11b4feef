/**
 * The floor's SQL, as named prepared statements on a bare `pg` pool: what the engine's hot path
 * must write per message, written by hand. $1 is always the organization.
 */
export const floorStatements = {
  lockWorker: `select w.id as worker_id, c.id as conversation_id, c.worker_assignment_id, wa.program_id, c.snapshot
      from workers w join conversations c on c.worker_id = w.id and c.organization_id = w.organization_id and c.status = 'active'
      join worker_assignments wa on wa.id = c.worker_assignment_id
     where w.organization_id = $1 and w.phone_number = $2
     for no key update of w, c`,
  insertInbound: `with first_delivery as (
        insert into inbound_provider_ids (organization_id, channel_id, provider_message_id, received_at) values ($1, $2, $6, now())
        on conflict (organization_id, channel_id, provider_message_id) do nothing returning 1)
      insert into messages (organization_id, channel_id, worker_id, conversation_id, direction, body, payload, status, provider_message_id, created_at)
      select $1, $2, $3, $4, 'inbound', $5, '{}', 'received', $6, now() from first_delivery returning id`,
  saveSnapshot: `update conversations set snapshot = $3, status = $4, version = version + 1, updated_at = now()
      where organization_id = $1 and id = $2`,
  recordAnswer: `insert into worker_progress (organization_id, worker_assignment_id, touchpoint_id, started_at, completed_at, answer, score, correct, attempt)
      values ($1, $2, $3, now(), now(), $4, $5, $6, 1)`,
  queueReplies: `insert into messages (organization_id, channel_id, worker_id, conversation_id, direction, body, payload, status, priority, created_at)
      select $1, $2, $3, $4, 'outbound', reply.body, '{}', 'queued', 0, now() from unnest($5::text[]) with ordinality as reply(body, n) order by reply.n`,
  recordPoints: `with entries as (
        insert into gamification_ledger (organization_id, worker_id, program_id, kind, points, idempotency_key, occurred_at, week_start)
        select $1, $2, $3, e.kind, e.points, $4 || ':' || e.kind, now(), date_trunc('week', now() at time zone 'UTC')::date
          from unnest($5::text[], $6::int[]) as e(kind, points)
        on conflict (organization_id, idempotency_key) do nothing returning points),
      earned as (select sum(points)::int as points from entries),
      balance as (
        insert into gamification_balances (organization_id, worker_id, program_id, points, updated_at)
        select $1, $2, $3, points, now() from earned where points > 0
        on conflict on constraint gamification_balances_unique do update set points = gamification_balances.points + excluded.points, updated_at = excluded.updated_at)
      insert into gamification_weekly_points (organization_id, worker_id, program_id, week_start, points)
      select $1, $2, $3, date_trunc('week', now() at time zone 'UTC')::date, points from earned where points > 0
      on conflict on constraint gamification_weekly_points_unique do update set points = gamification_weekly_points.points + excluded.points`,
  awardBadge: `insert into worker_badges (organization_id, worker_id, badge_id, awarded_at)
      select $1, $2, b.id, now() from badges b where b.organization_id = $1 and b.key = $3 on conflict do nothing`,
  claimReplies: `update messages m set status = 'sending', claimed_at = now(), attempts = m.attempts + 1
      from workers w
     where m.id in (select q.id from messages q where q.channel_id = $2 and q.status = 'queued' order by q.priority, q.seq limit $3 for update skip locked)
       and m.organization_id = $1 and w.id = m.worker_id
     returning m.id, m.seq, m.worker_id, m.body, w.phone_number`,
  recordSent: `with early as (
        delete from pending_statuses p where p.channel_id = $4 and p.provider_message_id = any($3::text[]) returning p.provider_message_id, p.status)
      update messages m set status = coalesce(early.status, 'sent'), sent_at = now(), provider_message_id = r.provider_id,
             delivered_at = case when early.status = 'delivered' then now() end
        from unnest($2::uuid[], $3::text[]) as r(id, provider_id) left join early on early.provider_message_id = r.provider_id
       where m.organization_id = $1 and m.id = r.id`,
  recordStatus: `with applied as (
        update messages set status = $4::varchar, delivered_at = case when $4::varchar = 'delivered' then now() else delivered_at end
         where organization_id = $1 and channel_id = $2 and provider_message_id = $3 and status in ('sending', 'sent') returning 1)
      insert into pending_statuses (organization_id, channel_id, provider_message_id, status, at)
      select $1, $2, $3, $4, now() where not exists (select 1 from applied)
      on conflict (channel_id, provider_message_id, status, organization_id) do nothing`,
  applyKeptStatuses: `with applied as (
        delete from pending_statuses p
         using (select k.id, m.id as message_id from pending_statuses k
                 cross join lateral (select m.id from messages m
                                      where m.provider_message_id = k.provider_message_id and m.channel_id = $2
                                        and m.organization_id = $1 and m.status in ('sending', 'sent') limit 1) m
                 where k.organization_id = $1 and k.channel_id = $2) found
         where p.id = found.id
        returning found.message_id as id, p.status)
      update messages m set status = applied.status, delivered_at = case when applied.status = 'delivered' then now() else m.delivered_at end
        from applied where m.organization_id = $1 and m.id = applied.id`,
} as const;

export type FloorStatement = keyof typeof floorStatements;

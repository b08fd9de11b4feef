/**
 * The condition a worker `w` meets to take part in challenge `c` (SQL): active, not a simulator
 * test worker, in the challenge's program, segment and attribute when it names them, and carrying
 * the team attribute when teams are formed by one.
 */
export const challengeParticipantsSql = `w.organization_id = c.organization_id and w.status = 'active' and not w.simulated
    and (c.team_attribute is null or w.attributes ->> c.team_attribute is not null)
    and (c.attribute is null or w.attributes @> c.attribute)
    and (c.segment_id is null or exists (select 1 from worker_segment ws where ws.organization_id = c.organization_id and ws.worker_id = w.id and ws.segment_id = c.segment_id))
    and (c.program_id is null or exists (select 1 from worker_assignments wa where wa.organization_id = c.organization_id and wa.worker_id = w.id and wa.program_id = c.program_id))`;

/** A participant's team: the value of the team attribute, '' when the whole challenge is one team. */
export const challengeTeamSql = `coalesce(w.attributes ->> c.team_attribute, '')`;

/** A message status's place in the forward-only order (queued/held 0, sending 1, sent 2, delivered 3, read 4, failed 5), as SQL over `column`. */
export function statusRankSql(column: string): string {
  return `case ${column} when 'queued' then 0 when 'held' then 0 when 'sending' then 1 when 'sent' then 2
    when 'delivered' then 3 when 'read' then 4 when 'failed' then 5 else 0 end`;
}

/** The status of a rank of 2 to 5, as SQL over `column`. */
export function rankStatusSql(column: string): string {
  return `case ${column} when 2 then 'sent' when 3 then 'delivered' when 4 then 'read' else 'failed' end`;
}

/**
 * Per message (`group by` its id), what a set of provider statuses `s` (columns status, at,
 * error_code, error_reason, rank, ord) brings: the furthest rank, the first time of each status,
 * and the error of the furthest status that carries one.
 */
export const statusChangeColumns = `
  max(s.rank) as top_rank,
  min(s.at) filter (where s.status = 'sent') as sent_at,
  min(s.at) filter (where s.status = 'delivered') as delivered_at,
  min(s.at) filter (where s.status = 'read') as read_at,
  min(s.at) filter (where s.status = 'failed') as failed_at,
  (array_agg(s.error_code order by s.rank desc, s.ord) filter (where s.error_code is not null))[1] as error_code,
  (array_agg(s.error_reason order by s.rank desc, s.ord) filter (where s.error_reason is not null))[1] as error_reason`;

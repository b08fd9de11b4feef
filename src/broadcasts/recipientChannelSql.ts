/**
 * The channel a broadcast's copy for worker `w` goes out on, as SQL: the given channel
 * (`:channel`) when the broadcast names one; else the active channel the worker last wrote on,
 * else `:channel` (the organization's default, else its oldest active channel).
 */
export function recipientChannelSql(channelNamed: boolean): string {
  if (channelNamed) return ':channel::uuid';
  return `coalesce((select ch.id from channels ch where ch.status = 'active' and ch.id = (
                     select m.channel_id from messages m
                      where m.worker_id = w.id and m.direction = 'inbound' order by m.seq desc limit 1)), :channel::uuid)`;
}

import type { ChannelHealth, HealthMark, WindowCounts } from '../../channelAdmin/readChannelHealth';
import { formatTime } from '../layout/formatTime';

function CountsRow({ label, counts }: { label: string; counts: WindowCounts }) {
  return <tr><th scope="row">{label}</th><td>{counts.sent}</td><td>{counts.delivered}</td><td>{counts.read}</td><td>{counts.failed}</td></tr>;
}

const verdict = (mark: HealthMark) => (mark.status === 'healthy' ? 'healthy' : `unhealthy${mark.reason ? `: ${mark.reason}` : ''}`);

/** One line for the channel list: the health mark, connected or not, queue, failures in the last hour, last inbound. */
export function healthSummary(health: ChannelHealth, timeZone: string): string {
  return [
    verdict(health.health),
    health.connected ? 'connected' : 'not connected',
    `${health.queueDepth} queued`,
    `${health.lastHour.failed} failed in the last hour`,
    health.lastInboundAt ? `last inbound ${formatTime(health.lastInboundAt, timeZone)}` : 'no inbound yet',
  ].join(' · ');
}

/**
 * The health mark (why a channel that keeps failing is unhealthy), connected or not, last inbound
 * and outbound, counts over the last hour and day, queue depth and what of it waits for quiet hours, send rate against its limit, and
 * the last provider error.
 */
export function ChannelHealthCard({ health, timeZone }: { health: ChannelHealth; timeZone: string }) {
  const { sendRate } = health;
  return (
    <section class="card" aria-labelledby="h-health" data-testid="channel-health">
      <h2 id="h-health">Health</h2>
      <p class={health.health.status === 'healthy' ? 'notice' : 'alert'} data-testid="health-mark">
        {health.health.status === 'healthy' ? 'Healthy' : 'Unhealthy'}
        {health.health.reason && `: ${health.health.reason}`}
        {health.health.since && <span class="muted"> (since {formatTime(health.health.since, timeZone)})</span>}
      </p>
      <dl class="facts">
        <dt>Connected</dt><dd>{health.connected ? 'yes' : 'no'}</dd>
        <dt>Last inbound</dt><dd>{health.lastInboundAt ? formatTime(health.lastInboundAt, timeZone) : 'none yet'}</dd>
        <dt>Last outbound</dt><dd>{health.lastOutboundAt ? formatTime(health.lastOutboundAt, timeZone) : 'none yet'}</dd>
        <dt>Queue depth</dt><dd>{health.queueDepth} waiting in the outbox</dd>
        {health.deferred.length > 0 && <><dt>Deferred</dt><dd data-testid="health-deferred">
          {health.deferred.map((group) => <div>{group.count} {group.reason}</div>)}
        </dd></>}
        <dt>Send rate</dt><dd>{sendRate.perSecond} per second over the last minute ({sendRate.limitPerSecond === null ? 'no limit' : `limit ${sendRate.limitPerSecond} per second`})</dd>
        <dt>Last error</dt>
        <dd>{health.lastError ? `${health.lastError.code ?? 'no code'}: ${health.lastError.reason ?? 'no reason given'} (${formatTime(health.lastError.at, timeZone)})` : 'none'}</dd>
      </dl>
      <table aria-label="Outbound messages">
        <thead><tr><th scope="col">Outbound</th><th scope="col">Sent</th><th scope="col">Delivered</th><th scope="col">Read</th><th scope="col">Failed</th></tr></thead>
        <tbody>
          <CountsRow label="Last hour" counts={health.lastHour} />
          <CountsRow label="Last day" counts={health.lastDay} />
        </tbody>
      </table>
    </section>
  );
}

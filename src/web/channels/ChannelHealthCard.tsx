import type { ChannelHealth, WindowCounts } from '../../channels/onboarding/readChannelHealth';
import { formatTime } from '../layout/formatTime';

/**
 * What a newer health object adds (connected, send rate, a healthy/unhealthy verdict): shown when
 * the health reader returns it.
 */
export interface HealthExtras {
  connected?: boolean;
  /** limitPerSecond null: no limit (console). */
  sendRate?: { perSecond: number; limitPerSecond: number | null };
  health?: { status: 'healthy' | 'unhealthy'; reason: string | null; since: string | null };
}

/** A channel's health as the channel page shows it. */
export type ShownHealth = ChannelHealth & HealthExtras;

function CountsRow({ label, counts }: { label: string; counts: WindowCounts }) {
  return <tr><th scope="row">{label}</th><td>{counts.sent}</td><td>{counts.delivered}</td><td>{counts.read}</td><td>{counts.failed}</td></tr>;
}

/** One line for the channel list: queue, failures in the last hour, last inbound. */
export function healthSummary(health: ShownHealth, timeZone: string): string {
  const parts = [
    health.health ? (health.health.status === 'healthy' ? 'healthy' : `unhealthy${health.health.reason ? `: ${health.health.reason}` : ''}`) : undefined,
    health.connected === undefined ? undefined : health.connected ? 'connected' : 'not connected',
    `${health.queueDepth} queued`,
    `${health.lastHour.failed} failed in the last hour`,
    health.lastInboundAt ? `last inbound ${formatTime(health.lastInboundAt, timeZone)}` : 'no inbound yet',
  ];
  return parts.filter((part) => part !== undefined).join(' · ');
}

/** Last inbound and outbound, counts over the last hour and day, queue depth, send rate, last provider error. */
export function ChannelHealthCard({ health, timeZone }: { health: ShownHealth; timeZone: string }) {
  return (
    <section class="card" aria-labelledby="h-health" data-testid="channel-health">
      <h2 id="h-health">Health</h2>
      {health.health && (
        <p class={health.health.status === 'healthy' ? 'notice' : 'alert'}>
          {health.health.status === 'healthy' ? 'Healthy' : 'Unhealthy'}
          {health.health.reason && `: ${health.health.reason}`}
          {health.health.since && <span class="muted"> (since {formatTime(health.health.since, timeZone)})</span>}
        </p>
      )}
      <dl class="facts">
        {health.connected !== undefined && <><dt>Connected</dt><dd>{health.connected ? 'yes' : 'no'}</dd></>}
        <dt>Last inbound</dt><dd>{health.lastInboundAt ? formatTime(health.lastInboundAt, timeZone) : 'none yet'}</dd>
        <dt>Last outbound</dt><dd>{health.lastOutboundAt ? formatTime(health.lastOutboundAt, timeZone) : 'none yet'}</dd>
        <dt>Queue depth</dt><dd>{health.queueDepth} waiting in the outbox</dd>
        {health.sendRate && <><dt>Send rate</dt><dd>{health.sendRate.perSecond} per second over the last minute ({health.sendRate.limitPerSecond === null ? 'no limit' : `limit ${health.sendRate.limitPerSecond}`})</dd></>}
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

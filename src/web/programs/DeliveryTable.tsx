import type { ProgramAnalytics } from '../../analytics/loadProgramAnalytics';

/** Messages of each touchpoint by channel and where they stand; a row whose messages never left says so. */
export function DeliveryTable({ analytics }: { analytics: ProgramAnalytics }) {
  const textOf = (blueprint: string, touchpoint: string) => analytics.touchpoints.find((t) => t.blueprint === blueprint && t.touchpoint === touchpoint)?.text ?? touchpoint;
  if (analytics.delivery.length === 0) return <p class="muted" data-empty="delivery">No message of this program has been queued for these workers yet.</p>;
  return (
    <table class="wide" aria-label="Messages by touchpoint and channel">
      <thead>
        <tr>
          <th scope="col">Touchpoint</th><th scope="col">Channel</th><th scope="col">Sent</th><th scope="col">Delivered</th><th scope="col">Read</th>
          <th scope="col">Failed</th><th scope="col">Queued</th><th scope="col">Held: quiet hours</th><th scope="col">Held: window closed</th><th scope="col">Held: other</th>
        </tr>
      </thead>
      <tbody>
        {analytics.delivery.map((d) => (
          <tr data-touchpoint={d.touchpoint}>
            <th scope="row">{textOf(d.blueprint, d.touchpoint)}{d.sent === 0 && <span class="badge bad">reached no one</span>}</th>
            <td>{d.channelKind}</td><td>{d.sent}</td><td>{d.delivered}</td><td>{d.read}</td><td>{d.failed}</td><td>{d.queued}</td>
            <td>{d.heldQuietHours}</td><td>{d.heldWindowClosed}</td><td>{d.heldOther}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { onboardableKinds } from '../../channelAdmin/validateChannelConfig';
import type { Staff } from '../auth/staffSessions';
import { Page } from '../layout/Page';
import { base } from '../webEnv';
import { healthSummary } from './ChannelHealthCard';
import { kindLabel, kindLabels } from './channelFormFields';
import type { ChannelSummary } from './loadChannelPage';

/** The organization's WhatsApp numbers; org admins also get the links to connect one. */
export function ChannelListPage({ staff, channels, canManage }: { staff: Staff; channels: ChannelSummary[]; canManage: boolean }) {
  return (
    <Page title="Channels" staff={staff}>
      {canManage && (
        <p>
          Connect a number:{' '}
          {onboardableKinds.map((kind) => <><a class="button" href={`${base}/channels/new?kind=${kind}`}>{kindLabels[kind]}</a>{' '}</>)}
        </p>
      )}
      {channels.length === 0 ? (
        <p class="muted">No channels yet.</p>
      ) : (
        <table aria-label="Channels">
          <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Address</th><th scope="col">Status</th><th scope="col">Health</th></tr></thead>
          <tbody>
            {channels.map(({ row, health, pairingState }) => (
              <tr data-channel={row.id}>
                <td><a href={`${base}/channels/${row.id}`}>{row.name}</a></td>
                <td>{kindLabel(row.kind)}</td>
                <td>{row.address}</td>
                <td>{row.status}{pairingState && <div class="muted">pairing: {pairingState.replace('_', ' ')}</div>}</td>
                <td class="muted">{healthSummary(health, staff.timezone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

import type { GrantedLicence, HeldLicence } from '../../marketplace/listLicences';
import type { ListingUsage } from '../../marketplace/readListingUsage';
import type { Staff } from '../auth/staffSessions';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';

function PostButton({ staff, action, label }: { staff: Staff; action: string; label: string }) {
  return (
    <form method="post" action={action} style="display:inline">
      <CsrfField staff={staff} />
      <button type="submit">{label}</button>
    </form>
  );
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

/** Licences held (seats, expiry, warnings, updates offered, install) and licences of the organization's listings (grant, refuse). */
export function LicencesPage({ staff, held, granted, canLicense, canGrant, notice }: { staff: Staff; held: HeldLicence[]; granted: GrantedLicence[]; canLicense: boolean; canGrant: boolean; notice?: string }) {
  return (
    <Page title="Licences" staff={staff}>
      {notice && <p class="alert" role="status">{notice}</p>}
      <h2>Held by your organization</h2>
      <table aria-label="Licences held">
        <thead><tr><th scope="col">Listing</th><th scope="col">Expert</th><th scope="col">Status</th><th scope="col">Seats</th><th scope="col">Expires</th><th scope="col">Installed</th><th scope="col">Warnings</th><th scope="col"></th></tr></thead>
        <tbody>
          {held.map((l) => (
            <tr data-licence={l.id}>
              <td>{l.listingId ? <a href={`${base}/marketplace/${l.listingId}`}>{l.listingTitle}</a> : l.listingTitle}</td>
              <td>{l.expert ?? '(removed)'}</td>
              <td>{l.status}</td>
              <td>{l.seats === null ? 'unlimited' : `${l.seatsUsed} of ${l.seats}`}</td>
              <td>{day(l.expiresAt)}</td>
              <td>{l.installedKey ? `${l.installedKey} (listing version ${l.installedVersion})` : 'not installed'}{l.updateAvailable && <strong> · version {l.latestVersion} offered</strong>}</td>
              <td>{l.warnings.map((w) => <p class="alert" role="alert">{w}</p>)}</td>
              <td>
                {canLicense && l.status === 'active' && (!l.installedKey || l.updateAvailable) && <PostButton staff={staff} action={`${base}/marketplace/licences/${l.id}/install`} label={l.installedKey ? 'Install the new version' : 'Install'} />}
                {canLicense && l.status === 'active' && l.allowFork && !l.installedKey && <PostButton staff={staff} action={`${base}/marketplace/licences/${l.id}/install?fork=true`} label="Install an editable fork" />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {granted.length > 0 && (
        <>
          <h2>Of your listings</h2>
          <table aria-label="Licences of your listings">
            <thead><tr><th scope="col">Listing</th><th scope="col">Client</th><th scope="col">Terms</th><th scope="col">Status</th><th scope="col">Expires</th><th scope="col">Requested</th><th scope="col"></th></tr></thead>
            <tbody>
              {granted.map((l) => (
                <tr data-licence={l.id}>
                  <td>{l.listingTitle}</td><td>{l.client}</td><td>{l.kind}{l.seats !== null ? `, ${l.seats} seats` : ''}</td><td>{l.status}</td><td>{day(l.expiresAt)}</td><td>{day(l.requestedAt)}</td>
                  <td>
                    {canGrant && l.status === 'requested' && <><PostButton staff={staff} action={`${base}/marketplace/licences/${l.id}/grant`} label="Grant" /> <PostButton staff={staff} action={`${base}/marketplace/licences/${l.id}/refuse`} label="Refuse" /></>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Page>
  );
}

const fewer = (min: number) => <span class="muted">fewer than {min} workers: not shown</span>;

/** Usage of one listing for its expert: counts and averages across clients, small groups suppressed. */
export function UsagePage({ staff, title, usage }: { staff: Staff; title: string; usage: ListingUsage }) {
  const min = usage.minGroupWorkers;
  return (
    <Page title={`Usage · ${title}`} staff={staff}>
      <p>Aggregated across client organizations; no worker's data or words leave their organization, and groups of fewer than {min} workers are not shown.</p>
      <dl>
        <dt>Licences</dt><dd data-testid="licences">{usage.licences}</dd>
        <dt>Installs</dt><dd data-testid="installs">{usage.installs}</dd>
        <dt>Workers enrolled</dt><dd data-testid="enrolled">{usage.enrolled.suppressed ? fewer(min) : `${usage.enrolled.workers}, ${usage.enrolled.completed} completed`}</dd>
      </dl>
      <h2>Completion funnel</h2>
      <table aria-label="Completion funnel" data-table="usage-funnel">
        <thead><tr><th scope="col">Touchpoint</th><th scope="col">Workers who completed it</th></tr></thead>
        <tbody>{usage.funnel.map((step) => <tr><td>{step.touchpoint}</td><td>{step.suppressed ? fewer(min) : step.workers}</td></tr>)}</tbody>
      </table>
      <h2>Quiz questions right at the first try</h2>
      <table aria-label="First-try correctness" data-table="usage-quiz">
        <thead><tr><th scope="col">Question</th><th scope="col">Right at the first try</th></tr></thead>
        <tbody>{usage.quiz.map((q) => <tr><td>{q.touchpoint}</td><td>{q.suppressed ? fewer(min) : `${q.firstTryCorrectPercent} % of ${q.workers}`}</td></tr>)}</tbody>
      </table>
      <h2>Well-being by week</h2>
      <table aria-label="Well-being by week" data-table="usage-wellbeing">
        <thead><tr><th scope="col">Week of</th><th scope="col">Average (1 to 5)</th></tr></thead>
        <tbody>{usage.wellBeing.map((w) => <tr><td>{w.week}</td><td>{w.suppressed ? fewer(min) : `${w.average} (${w.workers} workers)`}</td></tr>)}</tbody>
      </table>
    </Page>
  );
}

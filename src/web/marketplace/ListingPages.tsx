import type { ListingDetail, ListingSummary } from '../../marketplace/browseListings';
import type { ListingFilters } from '../../marketplace/browseListings';
import type { Staff } from '../auth/staffSessions';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';

const describeTerms = (terms: ListingSummary['terms']) =>
  (terms.kind === 'free' ? 'Free' : terms.kind === 'seats' ? `Per seat: ${terms.seats} workers` : `Time-limited: ${terms.days} days`) + (terms.allowFork ? ', editable fork allowed' : ', read-only');

/** The marketplace: published listings, filtered by words, language and tag. */
export function ListingListPage({ staff, listings, filters }: { staff: Staff; listings: ListingSummary[]; filters: ListingFilters }) {
  return (
    <Page title="Marketplace" staff={staff}>
      <p><a href={`${base}/marketplace/licences`}>Licences</a></p>
      <form method="get" action={`${base}/marketplace`} class="filters" aria-label="Filter listings">
        <label>Search <input name="q" value={filters.q ?? ''} /></label>
        <label>Language <input name="language" value={filters.language ?? ''} size={5} /></label>
        <label>Tag <input name="tag" value={filters.tag ?? ''} size={12} /></label>
        <button type="submit">Filter</button>
      </form>
      <table aria-label="Listings">
        <thead><tr><th scope="col">Listing</th><th scope="col">Expert</th><th scope="col">Languages</th><th scope="col">Duration</th><th scope="col">Tags</th><th scope="col">Terms</th><th scope="col">Version</th></tr></thead>
        <tbody>
          {listings.map((l) => (
            <tr data-listing={l.id}>
              <td><a href={`${base}/marketplace/${l.id}`}>{l.title}</a>{l.status === 'unpublished' && <span class="badge">unpublished</span>}</td>
              <td>{l.expert}</td><td>{l.languages.join(', ')}</td><td>{l.duration ?? ''}</td><td>{l.tags.join(', ')}</td><td>{describeTerms(l.terms)}</td><td>{l.latestVersion}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {listings.length === 0 && <p>No listing matches.</p>}
    </Page>
  );
}

/** One listing: description, terms, the first touchpoints and the journey diagram; what the caller may do with it. */
export function ListingPage({ staff, listing, canLicense, canPublish, canReadUsage }: { staff: Staff; listing: ListingDetail; canLicense: boolean; canPublish: boolean; canReadUsage: boolean }) {
  return (
    <Page title={listing.title} staff={staff} scripts={[`${base}/assets/mermaid.min.js`, `${base}/assets/diagrams.js`]}>
      <p>By {listing.expert} · version {listing.latestVersion} · {listing.languages.join(', ')}{listing.duration ? ` · ${listing.duration}` : ''} · {listing.tags.join(', ')}</p>
      <p>{listing.description}</p>
      <p data-testid="terms">{describeTerms(listing.terms)}</p>
      {!listing.own && listing.licence && <p data-testid="licence-status">Your licence: {listing.licence.status} · <a href={`${base}/marketplace/licences`}>licences</a></p>}
      {!listing.own && !listing.licence && canLicense && (
        <form method="post" action={`${base}/marketplace/${listing.id}/licence`}>
          <CsrfField staff={staff} />
          <button type="submit">{listing.terms.kind === 'free' ? 'Get it (free)' : 'Request a licence'}</button>
        </form>
      )}
      {listing.own && (
        <p>
          {canReadUsage && <a href={`${base}/marketplace/${listing.id}/usage`}>Usage</a>}{' '}
          {canPublish && listing.status === 'published' && (
            <form method="post" action={`${base}/marketplace/${listing.id}/unpublish`} style="display:inline">
              <CsrfField staff={staff} />
              <button type="submit">Unpublish</button>
            </form>
          )}
        </p>
      )}
      <section class="card" aria-labelledby="h-preview">
        <h2 id="h-preview">Preview</h2>
        <ol data-testid="preview">{listing.preview.map((tp) => <li><strong>{tp.key}</strong> <span class="badge">{tp.type}</span> {tp.text}</li>)}</ol>
      </section>
      <section class="card" aria-labelledby="h-diagram">
        <h2 id="h-diagram">Journey</h2>
        <pre class="mermaid" aria-label={`State diagram of ${listing.title}`}>{listing.diagram}</pre>
      </section>
    </Page>
  );
}

import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { isAllowed } from '../../api/auth/permissions';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { forOrganization } from '../../db/tenancy/scopes';
import { browseListings, readListing } from '../../marketplace/browseListings';
import { decideLicence } from '../../marketplace/decideLicence';
import { installLicence } from '../../marketplace/installLicence';
import { isRefusal, type MarketRefusal } from '../../marketplace/licenceTerms';
import { listGrantedLicences, listHeldLicences } from '../../marketplace/listLicences';
import { readListingUsage } from '../../marketplace/readListingUsage';
import { requestLicence } from '../../marketplace/requestLicence';
import { unpublishListing } from '../../marketplace/unpublishListing';
import { requireAction } from '../auth/requireStaff';
import { Page } from '../layout/Page';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { LicencesPage, UsagePage } from './LicencePages';
import { ListingListPage, ListingPage } from './ListingPages';

const filtersSchema = z.object({ q: z.string().trim().max(100).optional(), language: z.string().trim().max(20).optional(), tag: z.string().trim().max(40).optional() });
const isUuid = (id: string) => z.uuid().safeParse(id).success;

/** The marketplace pages: browse and filter, a listing with its preview and diagram, licences (both sides), usage for the expert. */
export function marketplacePageRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (c: Context<WebEnv>) => forOrganization(deps.engine.orm.em, c.get('staff').organizationId);
  const refused = (c: Context<WebEnv>, refusal: MarketRefusal | { status: number; message: string }) =>
    c.html(<Page title="Not done" staff={c.get('staff')}><p class="alert" role="alert">{refusal.message}</p><p><a href={`${base}/marketplace`}>Back to the marketplace</a></p></Page>, refusal.status as ContentfulStatusCode);
  const notFound = (c: Context<WebEnv>) => refused(c, { status: 404, message: 'No listing with this id is visible to your organization.' });
  const licencesPage = async (c: Context<WebEnv>, notice?: string) => {
    const staff = c.get('staff');
    const scoped = em(c);
    return c.html(
      <LicencesPage staff={staff} held={await listHeldLicences(scoped, deps.engine.clock.now())} granted={await listGrantedLicences(scoped)}
        canLicense={isAllowed(staff.role, 'marketplace:license')} canGrant={isAllowed(staff.role, 'marketplace:grant')} notice={notice} />,
    );
  };

  app.get(`${base}/marketplace`, requireAction('marketplace:read'), async (c) => {
    const parsed = filtersSchema.safeParse(c.req.query());
    const filters = parsed.success ? Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v)) : {};
    return c.html(<ListingListPage staff={c.get('staff')} listings={await browseListings(em(c), filters)} filters={filters} />);
  });
  app.get(`${base}/marketplace/licences`, requireAction('marketplace:read'), async (c) => licencesPage(c));
  app.get(`${base}/marketplace/:id`, requireAction('marketplace:read'), async (c) => {
    const id = c.req.param('id');
    const listing = isUuid(id) ? await readListing(em(c), id) : undefined;
    if (!listing) return notFound(c);
    const role = c.get('staff').role;
    return c.html(<ListingPage staff={c.get('staff')} listing={listing} canLicense={isAllowed(role, 'marketplace:license')} canPublish={isAllowed(role, 'marketplace:publish')} canReadUsage={isAllowed(role, 'marketplace:usage')} />);
  });
  app.get(`${base}/marketplace/:id/usage`, requireAction('marketplace:usage'), async (c) => {
    const id = c.req.param('id');
    const [own] = isUuid(id) ? await scopedSql<{ title: string }>(em(c), 'select title from marketplace_listings where organization_id = :organization_id and id = :id', { id }) : [];
    if (!own) return notFound(c);
    return c.html(<UsagePage staff={c.get('staff')} title={own.title} usage={await readListingUsage(em(c), id)} />);
  });
  app.post(`${base}/marketplace/:id/licence`, requireAction('marketplace:license'), async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) return notFound(c);
    const result = await requestLicence(em(c), id, deps.engine.clock.now());
    if (isRefusal(result)) return refused(c, result);
    return licencesPage(c, result.status === 'active' ? 'Licence active: install it below.' : 'Licence requested: the expert organization will answer.');
  });
  app.post(`${base}/marketplace/:id/unpublish`, requireAction('marketplace:publish'), async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id) || !(await unpublishListing(em(c), id))) return notFound(c);
    return c.redirect(`${base}/marketplace/${id}`, 303);
  });
  app.post(`${base}/marketplace/licences/:id/install`, requireAction('marketplace:license'), async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) return refused(c, { status: 404, message: 'No licence of your organization has this id.' });
    const result = await installLicence(em(c), id, { fork: c.req.query('fork') === 'true' }, deps.engine.clock.now());
    if (isRefusal(result)) return refused(c, result);
    return licencesPage(c, `Installed "${result.key}" version ${result.version}${result.readOnly ? ' (read-only)' : ' (editable fork)'}: new enrollments get it, running conversations keep theirs.`);
  });
  for (const decision of ['grant', 'refuse'] as const) {
    app.post(`${base}/marketplace/licences/:id/${decision}`, requireAction('marketplace:grant'), async (c) => {
      const id = c.req.param('id');
      if (!isUuid(id)) return refused(c, { status: 404, message: 'No licence of your listings has this id.' });
      const result = await decideLicence(em(c), id, { decision }, deps.engine.clock.now());
      if (isRefusal(result)) return refused(c, result);
      return licencesPage(c, decision === 'grant' ? 'Licence granted.' : 'Licence refused.');
    });
  }
  return app;
}

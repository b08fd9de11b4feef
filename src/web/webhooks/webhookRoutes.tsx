import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isAllowed } from '../../api/auth/permissions';
import { EndpointChangeSchema, EndpointInputSchema } from '../../api/routes/webhookEndpointSchemas';
import { forOrganization } from '../../db/tenancy/scopes';
import { isSequenceCursor } from '../../http/isSequenceCursor';
import { publicAddressesOnly } from '../../outbound/outboundPolicy';
import { refuseOutboundUrl } from '../../outbound/refuseOutboundUrl';
import { listEndpointDeliveries, replayDelivery } from '../../webhooksOut/listEndpointDeliveries';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints, readWebhookEndpoint, updateWebhookEndpoint, type WebhookEndpointView } from '../../webhooksOut/manageWebhookEndpoints';
import { requireAction } from '../auth/requireStaff';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { schemaFormError } from '../layout/schemaFormError';
import { DeleteEndpointPage } from './DeleteEndpointPage';
import { endpointBody, readEndpointForm } from './readEndpointForm';
import { WebhookEndpointPage, type WebhookEndpointPageProps } from './WebhookEndpointPage';
import { WebhookEndpointsPage, type WebhookEndpointsPageProps } from './WebhookEndpointsPage';

const notFound = 'No webhook endpoint with this id in your organization.';
const noSecretBox = 'Signing secrets cannot be sealed: the server has no ENCRYPTION_KEY configured.';

/**
 * Event webhook endpoints in the console: the list and each one's delivery log
 * (integrations:read); adding one (its secret shown once), changing its URL, events and
 * description, disabling and enabling it, rotating its secret (the new one shown once), deleting
 * it after a confirmation page, and replaying a delivery (integrations:manage), through the API's
 * body schemas and functions, so the refusals are the API's.
 */
export function webhookRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (c: Context<WebEnv>) => forOrganization(deps.engine.orm.em, c.get('staff').organizationId);
  const canManage = (c: Context<WebEnv>) => isAllowed(c.get('staff').role, 'integrations:manage');
  const outboundPolicy = deps.outboundPolicy ?? publicAddressesOnly;
  const listPage = async (c: Context<WebEnv>, props: Pick<WebhookEndpointsPageProps, 'flash' | 'values' | 'error'> = {}, status: 200 | 400 | 503 = 200) =>
    c.html(<WebhookEndpointsPage staff={c.get('staff')} endpoints={await listWebhookEndpoints(em(c))} canManage={canManage(c)} {...props} />, status);
  /** The endpoint named by the path, of this organization. */
  const endpointOfPath = async (c: Context<WebEnv>) => {
    const id = c.req.param('id') ?? '';
    return z.uuid().safeParse(id).success ? readWebhookEndpoint(em(c), id) : undefined;
  };
  const endpointPage = async (
    c: Context<WebEnv>,
    endpoint: WebhookEndpointView,
    props: Pick<WebhookEndpointPageProps, 'secret' | 'flash' | 'values' | 'error'> = {},
    status: 200 | 201 | 400 | 503 = 200,
  ) => {
    const cursor = c.req.query('before');
    const log = await listEndpointDeliveries(em(c), endpoint.id, { limit: 50, before: isSequenceCursor(cursor) ? cursor : undefined });
    return c.html(<WebhookEndpointPage staff={c.get('staff')} endpoint={endpoint} {...log} canManage={canManage(c)} {...props} />, status);
  };

  app.get(`${base}/webhooks`, requireAction('integrations:read'), (c) => listPage(c));

  app.post(`${base}/webhooks`, requireAction('integrations:manage'), async (c) => {
    const values = readEndpointForm(await c.req.parseBody({ all: true }));
    if (!deps.secretBox) return listPage(c, { values, error: { field: 'form', message: noSecretBox } }, 503);
    const input = EndpointInputSchema.safeParse(endpointBody(values));
    if (!input.success) return listPage(c, { values, error: schemaFormError(input.error) }, 400);
    const refused = await refuseOutboundUrl('url', input.data.url, outboundPolicy);
    if (refused) return listPage(c, { values, error: refused }, 400);
    const { secret, ...endpoint } = await createWebhookEndpoint(em(c), deps.secretBox, input.data);
    deps.engine.logger.info({ endpointId: endpoint.id, by: c.get('staff').userId }, 'webhook endpoint added in the console');
    return endpointPage(c, endpoint, { secret }, 201);
  });

  app.get(`${base}/webhooks/:id`, requireAction('integrations:read'), async (c) => {
    const endpoint = await endpointOfPath(c);
    return endpoint ? endpointPage(c, endpoint) : c.text(notFound, 404);
  });

  app.post(`${base}/webhooks/:id`, requireAction('integrations:manage'), async (c) => {
    const endpoint = await endpointOfPath(c);
    if (!endpoint) return c.text(notFound, 404);
    const values = readEndpointForm(await c.req.parseBody({ all: true }));
    if (!deps.secretBox) return endpointPage(c, endpoint, { values, error: { field: 'form', message: noSecretBox } }, 503);
    const change = EndpointChangeSchema.safeParse(endpointBody(values));
    if (!change.success) return endpointPage(c, endpoint, { values, error: schemaFormError(change.error) }, 400);
    const refused = change.data.url === undefined ? undefined : await refuseOutboundUrl('url', change.data.url, outboundPolicy);
    if (refused) return endpointPage(c, endpoint, { values, error: refused }, 400);
    const changed = (await updateWebhookEndpoint(em(c), deps.secretBox, endpoint.id, change.data))!;
    deps.engine.logger.info({ endpointId: endpoint.id, by: c.get('staff').userId }, 'webhook endpoint changed in the console');
    return endpointPage(c, changed, { flash: { kind: 'notice', text: 'Saved: the next events go to this URL, of these types.' } });
  });

  app.post(`${base}/webhooks/:id/enabled`, requireAction('integrations:manage'), async (c) => {
    const endpoint = await endpointOfPath(c);
    if (!endpoint) return c.text(notFound, 404);
    const { enabled } = await c.req.parseBody();
    if (enabled !== 'true' && enabled !== 'false') return endpointPage(c, endpoint, { flash: { kind: 'alert', text: 'enabled: must be true or false' } }, 400);
    if (!deps.secretBox) return endpointPage(c, endpoint, { flash: { kind: 'alert', text: noSecretBox } }, 503);
    const changed = (await updateWebhookEndpoint(em(c), deps.secretBox, endpoint.id, EndpointChangeSchema.parse({ enabled: enabled === 'true' })))!;
    deps.engine.logger.info({ endpointId: endpoint.id, enabled: changed.enabled, by: c.get('staff').userId }, 'webhook endpoint enabled or disabled in the console');
    const text = changed.enabled ? 'Enabled: waiting events go out, oldest first.' : 'Disabled: events wait here until it is enabled again.';
    return endpointPage(c, changed, { flash: { kind: 'notice', text } });
  });

  app.post(`${base}/webhooks/:id/secret`, requireAction('integrations:manage'), async (c) => {
    const endpoint = await endpointOfPath(c);
    if (!endpoint) return c.text(notFound, 404);
    if (!deps.secretBox) return endpointPage(c, endpoint, { flash: { kind: 'alert', text: noSecretBox } }, 503);
    const changed = await updateWebhookEndpoint(em(c), deps.secretBox, endpoint.id, EndpointChangeSchema.parse({ rotateSecret: true }));
    if (!changed) return c.text(notFound, 404); // deleted meanwhile
    const { secret, ...rotated } = changed;
    deps.engine.logger.info({ endpointId: endpoint.id, by: c.get('staff').userId }, 'webhook endpoint secret rotated in the console');
    return endpointPage(c, rotated, { secret, flash: { kind: 'notice', text: 'New signing secret: the previous one stopped at once (no grace period), so every event from now on is signed with this one only.' } });
  });

  app.get(`${base}/webhooks/:id/delete`, requireAction('integrations:manage'), async (c) => {
    const endpoint = await endpointOfPath(c);
    return endpoint ? c.html(<DeleteEndpointPage staff={c.get('staff')} endpoint={endpoint} />) : c.text(notFound, 404);
  });

  app.post(`${base}/webhooks/:id/delete`, requireAction('integrations:manage'), async (c) => {
    const endpoint = await endpointOfPath(c);
    if (!endpoint || !(await deleteWebhookEndpoint(em(c), endpoint.id))) return c.text(notFound, 404);
    deps.engine.logger.info({ endpointId: endpoint.id, by: c.get('staff').userId }, 'webhook endpoint deleted in the console');
    return listPage(c, { flash: { kind: 'notice', text: `Deleted ${endpoint.url} with its delivery log: nothing more is sent to it.` } });
  });

  app.post(`${base}/webhooks/:id/deliveries/:deliveryId/replay`, requireAction('integrations:manage'), async (c) => {
    const endpoint = await endpointOfPath(c);
    if (!endpoint) return c.text(notFound, 404);
    const delivery = c.req.param('deliveryId');
    const replayed = isSequenceCursor(delivery) ? await replayDelivery(em(c), endpoint.id, delivery, deps.engine.clock.now()) : { refused: 'not_found' as const };
    if ('refused' in replayed) {
      if (replayed.refused === 'not_found') return c.text(`No delivery ${delivery} of this endpoint.`, 404);
      return endpointPage(c, endpoint, { flash: { kind: 'alert', text: `Delivery ${delivery} is still ${replayed.status}: it is on its way already. Only a delivered or failed one is sent again.` } });
    }
    deps.engine.logger.info({ endpointId: endpoint.id, deliveryId: delivery, replay: replayed.id, by: c.get('staff').userId }, 'webhook delivery replayed in the console');
    return endpointPage(c, endpoint, { flash: { kind: 'notice', text: `Delivery ${delivery} queued again as delivery ${replayed.id}: it goes out with the next round.` } });
  });
  return app;
}

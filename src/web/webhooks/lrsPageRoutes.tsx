import { Hono, type Context } from 'hono';
import { isAllowed } from '../../api/auth/permissions';
import { LrsInputSchema } from '../../api/routes/webhookEndpointSchemas';
import { forOrganization } from '../../db/tenancy/scopes';
import { publicAddressesOnly } from '../../outbound/outboundPolicy';
import { refuseOutboundUrl } from '../../outbound/refuseOutboundUrl';
import { readLrsConfig, saveLrsConfig } from '../../webhooksOut/xapi/lrsConfig';
import { requireAction } from '../auth/requireStaff';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { LrsPage, type LrsPageProps } from './LrsPage';
import { schemaFormError } from '../layout/schemaFormError';

/**
 * The organization's LRS in the console: its settings (integrations:read) and the form setting
 * them (integrations:manage), validated by the API's schema and saved by its function (the
 * password sealed; left empty, the stored one is kept), so the refusals are the API's.
 */
export function lrsPageRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (c: Context<WebEnv>) => forOrganization(deps.engine.orm.em, c.get('staff').organizationId);
  const render = async (c: Context<WebEnv>, props: Pick<LrsPageProps, 'flash' | 'values' | 'error'> = {}, status: 200 | 400 | 503 = 200) =>
    c.html(<LrsPage staff={c.get('staff')} lrs={await readLrsConfig(em(c))} canManage={isAllowed(c.get('staff').role, 'integrations:manage')} {...props} />, status);

  app.get(`${base}/lrs`, requireAction('integrations:read'), (c) => render(c));

  app.post(`${base}/lrs`, requireAction('integrations:manage'), async (c) => {
    const body = await c.req.parseBody();
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
    const values = { endpoint: text('endpoint'), username: text('username'), homePage: text('homePage'), sendFreeText: body.sendFreeText === 'true', enabled: body.enabled === 'true' };
    if (!deps.secretBox) return render(c, { values, error: { field: 'form', message: 'The LRS password cannot be sealed: the server has no ENCRYPTION_KEY configured.' } }, 503);
    const password = typeof body.password === 'string' ? body.password : '';
    // An empty password keeps the stored one; with no LRS set yet the API's schema asks for it.
    const input = password === '' && (await readLrsConfig(em(c))) ? LrsInputSchema.omit({ password: true }).safeParse(values) : LrsInputSchema.safeParse({ ...values, password });
    if (!input.success) return render(c, { values, error: schemaFormError(input.error) }, 400);
    const refused = await refuseOutboundUrl('endpoint', input.data.endpoint, deps.outboundPolicy ?? publicAddressesOnly);
    if (refused) return render(c, { values, error: refused }, 400);
    const saved = await saveLrsConfig(em(c), deps.secretBox, c.get('staff').organizationId, input.data);
    if (!saved) return render(c, { values, error: { field: 'password', message: 'password: no LRS is set any more to keep a password from; enter one.' } }, 400);
    deps.engine.logger.info({ by: c.get('staff').userId, passwordChanged: 'password' in input.data }, 'LRS set in the console');
    return render(c, { flash: { kind: 'notice', text: saved.enabled ? 'Saved: learning events go to this LRS from now on.' : 'Saved, paused: no statement is sent.' } });
  });
  return app;
}

import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { requestChannelPairing, type PairingAction } from '../../channelAdmin/requestChannelPairing';
import { forOrganization } from '../../db/tenancy/scopes';
import { requireAction } from '../auth/requireStaff';
import { streamGoesOn } from '../auth/streamGoesOn';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { loadPairing } from './loadPairing';
import { PairingStatus } from './PairingPanel';
import { readChannelOfPath } from './readChannelOfPath';
import { channelNotFound, respondWithChannelPage } from './respondWithChannelPage';

const pollMs = 1000;

/**
 * Pairing a linked-device (Baileys) channel from its page: ask for a pairing code, log out, pair
 * again (org admins), each recorded for whichever instance holds the socket; and the pairing
 * state as server-sent events, so the QR and the code appear as the holder records them.
 */
export function channelPairingRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (c: Context<WebEnv>) => forOrganization(deps.engine.orm.em, c.get('staff').organizationId);

  const act = (path: string, toAction: (body: Record<string, unknown>) => PairingAction) =>
    app.post(`${base}/channels/:id/pairing/${path}`, requireAction('channels:manage'), async (c) => {
      const id = c.req.param('id');
      const row = await readChannelOfPath(em(c), id);
      if (!row) return c.text(channelNotFound, 404);
      const action = toAction(await c.req.parseBody());
      const result = await requestChannelPairing(em(c), row, action, deps.engine.clock.now());
      if (!result.ok && action.kind === 'pairing_code' && result.field === 'phoneNumber') {
        return respondWithChannelPage(c, deps, id, { pairingForm: { phoneNumber: action.phoneNumber, error: { field: 'phoneNumber', message: result.message } } }, 400);
      }
      if (!result.ok) return respondWithChannelPage(c, deps, id, { flash: { kind: 'alert', text: result.message } }, 409);
      deps.engine.logger.info({ channelId: id, action: action.kind, by: c.get('staff').userId }, 'baileys pairing request from the console');
      return c.redirect(`${base}/channels/${id}?flash=${action.kind}`, 303);
    });
  act('code', (body) => ({ kind: 'pairing_code', phoneNumber: typeof body.phoneNumber === 'string' ? body.phoneNumber : '' }));
  act('logout', () => ({ kind: 'logout' }));
  act('relink', () => ({ kind: 'relink' }));

  app.get(`${base}/channels/:id/pairing/events`, requireAction('channels:read'), async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    const row = await readChannelOfPath(em(c), id);
    if (row?.kind !== 'baileys') return c.text(channelNotFound, 404);
    return streamSSE(c, async (stream) => {
      let shown = '';
      while (await streamGoesOn(stream, deps, staff, 'channels:read')) {
        const pairing = await loadPairing(forOrganization(deps.engine.orm.em, staff.organizationId), id);
        const seen = JSON.stringify(pairing.session);
        if (seen !== shown) {
          await stream.writeSSE({ event: 'pairing', data: await (<PairingStatus channelId={id} pairing={pairing} timeZone={staff.timezone} />).toString() });
          shown = seen;
        }
        await stream.sleep(pollMs);
      }
    });
  });
  return app;
}

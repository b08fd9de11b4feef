import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isAllowed } from '../../api/auth/permissions';
import { createChannel } from '../../channelAdmin/createChannel';
import { deleteChannel } from '../../channelAdmin/deleteChannel';
import { updateChannel } from '../../channelAdmin/updateChannel';
import { onboardableKinds, type OnboardableKind } from '../../channelAdmin/validateChannelConfig';
import { verifyChannel } from '../../channelAdmin/verifyChannel';
import { revokeRetiredSecrets } from '../../channelAdmin/revokeRetiredSecrets';
import { forOrganization } from '../../db/tenancy/scopes';
import { requireAction } from '../auth/requireStaff';
import { Page } from '../layout/Page';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { ChannelForm, type ChannelFormProps } from './ChannelForm';
import { ChannelListPage } from './ChannelListPage';
import { listChannelSummaries } from './loadChannelPage';
import { readChannelForm } from './readChannelForm';
import { replaceableSecrets } from './ReplaceSecretForm';
import { readChannelOfPath } from './readChannelOfPath';
import { channelNotFound, respondWithChannelPage } from './respondWithChannelPage';

const uuid = z.uuid();
const kindQuery = z.enum(onboardableKinds);
const flashes: Record<string, { kind: 'notice' | 'alert'; text: string }> = {
  created: { kind: 'notice', text: 'Channel connected. Follow the steps below (paste the values into the provider console, or pair the phone), then check the connection.' },
  pairing_code: { kind: 'notice', text: 'Pairing code asked: it appears below within a few seconds.' },
  logout: { kind: 'notice', text: 'Logout asked: the instance holding the connection unlinks the device within about 10 seconds.' },
  relink: { kind: 'notice', text: 'Pairing again: a new QR code appears below within about 10 seconds.' },
};
const noSecretBox = 'Channel secrets cannot be sealed or opened: the server has no ENCRYPTION_KEY configured.';

/**
 * The organization's channels: the list (channels:read), connecting a number per kind, checking
 * its connection, replacing a secret and deleting it (channels:manage), through the onboarding's
 * own functions.
 */
export function channelRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (c: Context<WebEnv>) => forOrganization(deps.engine.orm.em, c.get('staff').organizationId);
  const now = () => new Date(deps.engine.clock.now());
  const formPage = (c: Context<WebEnv>, props: Omit<ChannelFormProps, 'staff'>, status: 200 | 400 | 409 | 503 = 200) =>
    c.html(<Page title="New channel" staff={c.get('staff')}><p><a href={`${base}/channels`}>All channels</a></p><ChannelForm staff={c.get('staff')} {...props} /></Page>, status);
  const kindOf = (c: Context<WebEnv>): OnboardableKind | undefined => {
    const kind = kindQuery.safeParse(c.req.query('kind'));
    return kind.success ? kind.data : undefined;
  };

  app.get(`${base}/channels`, requireAction('channels:read'), async (c) => {
    const staff = c.get('staff');
    return c.html(<ChannelListPage staff={staff} channels={await listChannelSummaries(em(c), now())} canManage={isAllowed(staff.role, 'channels:manage')} />);
  });

  app.get(`${base}/channels/new`, requireAction('channels:manage'), (c) => {
    const kind = kindOf(c);
    if (!kind) return c.redirect(`${base}/channels`, 303);
    return formPage(c, { kind });
  });

  app.post(`${base}/channels/new`, requireAction('channels:manage'), async (c) => {
    const kind = kindOf(c);
    if (!kind) return c.text(`Choose a kind: ${onboardableKinds.join(', ')}.`, 400);
    const form = readChannelForm(kind, await c.req.parseBody());
    if (!form.ok) return formPage(c, { kind, values: form.values, error: { field: form.field, message: form.message } }, 400);
    if (!deps.secretBox) return formPage(c, { kind, values: form.values, error: { field: 'secrets', message: noSecretBox } }, 503);
    const created = await createChannel(em(c), form.input, deps.secretBox, now());
    if (!created.ok) return formPage(c, { kind, values: form.values, error: { field: created.field, message: created.message } }, created.code === 'channel_exists' ? 409 : 400);
    deps.engine.logger.info({ channelId: created.id, kind, by: c.get('staff').userId }, 'channel created in the console');
    return c.redirect(`${base}/channels/${created.id}?flash=created`, 303);
  });

  app.get(`${base}/channels/:id`, requireAction('channels:read'), async (c) => {
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) return c.text(channelNotFound, 404);
    return respondWithChannelPage(c, deps, id, { flash: flashes[c.req.query('flash') ?? ''] });
  });

  app.post(`${base}/channels/:id/verify`, requireAction('channels:manage'), async (c) => {
    const id = c.req.param('id');
    const row = await readChannelOfPath(em(c), id);
    if (!row) return c.text(channelNotFound, 404);
    if (!deps.secretBox) return respondWithChannelPage(c, deps, id, { flash: { kind: 'alert', text: noSecretBox } }, 503);
    const verified = await verifyChannel(em(c), row, { secretBox: deps.secretBox, twilioBaseUrl: deps.providerBaseUrls?.twilio, graphBaseUrl: deps.providerBaseUrls?.graph, now: now() });
    deps.engine.logger.info({ channelId: id, ok: verified.ok, problem: verified.problem }, 'channel verified in the console');
    return respondWithChannelPage(c, deps, id, { verified });
  });

  app.post(`${base}/channels/:id/secrets`, requireAction('channels:manage'), async (c) => {
    const id = c.req.param('id');
    const row = await readChannelOfPath(em(c), id);
    if (!row) return c.text(channelNotFound, 404);
    if (!deps.secretBox) return respondWithChannelPage(c, deps, id, { flash: { kind: 'alert', text: noSecretBox } }, 503);
    const body = await c.req.parseBody();
    const secret = row.kind === 'twilio' || row.kind === 'cloud_api' ? replaceableSecrets(row.kind).find((s) => s.name === body.secret) : undefined;
    const value = typeof body.value === 'string' ? body.value.trim() : '';
    if (!secret || value === '') return respondWithChannelPage(c, deps, id, { flash: { kind: 'alert', text: 'Choose one of this channel\'s secrets and type its new value.' } }, 400);
    const updated = await updateChannel(em(c), row, { secrets: { [secret.name]: value } }, deps.secretBox, now());
    if (!updated.ok) return respondWithChannelPage(c, deps, id, { flash: { kind: 'alert', text: updated.message } }, updated.code === 'channel_exists' ? 409 : 400);
    deps.engine.logger.info({ channelId: id, rotated: updated.rotated, by: c.get('staff').userId }, 'channel secret replaced in the console');
    const text = updated.rotated.length > 0 ? `${secret.label} replaced: check the connection.` : `${secret.label} already had this value: nothing changed.`;
    return respondWithChannelPage(c, deps, id, { flash: { kind: 'notice', text } });
  });

  app.post(`${base}/channels/:id/retired-secrets/revoke`, requireAction('channels:manage'), async (c) => {
    const id = c.req.param('id');
    if (!(await readChannelOfPath(em(c), id))) return c.text(channelNotFound, 404);
    const revoked = await revokeRetiredSecrets(em(c), id, now());
    if (revoked) deps.engine.logger.info({ channelId: id, by: c.get('staff').userId }, 'rotated-out channel secrets revoked in the console');
    const text = revoked ? 'The replaced secrets are revoked: webhooks signed with them are refused from now on.' : 'There was no replaced secret to revoke.';
    return respondWithChannelPage(c, deps, id, { flash: { kind: 'notice', text } });
  });

  app.post(`${base}/channels/:id/delete`, requireAction('channels:manage'), async (c) => {
    const id = c.req.param('id');
    const row = await readChannelOfPath(em(c), id);
    if (!row) return c.text(channelNotFound, 404);
    const body = await c.req.parseBody();
    const deleted = await deleteChannel(em(c), id, { force: body.force === 'true', now: now() });
    if (!deleted.ok) return respondWithChannelPage(c, deps, id, { flash: { kind: 'alert', text: `${deleted.message} (here: tick "Delete even if in use")` } }, 409);
    deps.engine.logger.info({ channelId: id, failedQueued: deleted.failedQueued, by: c.get('staff').userId }, 'channel deleted in the console');
    return c.redirect(`${base}/channels`, 303);
  });
  return app;
}

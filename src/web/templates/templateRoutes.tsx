import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isAllowed } from '../../api/auth/permissions';
import { readChannelRow, type ChannelRow } from '../../channelAdmin/readChannelRows';
import { forOrganization } from '../../db/tenancy/scopes';
import { deleteChannelTemplate } from '../../templates/deleteChannelTemplate';
import { renderTemplateBody } from '../../templates/renderTemplateBody';
import { saveManualTemplate } from '../../templates/saveManualTemplate';
import { syncCloudApiTemplates } from '../../templates/syncCloudApiTemplates';
import { listChannelTemplates, readChannelTemplate } from '../../templates/templateRows';
import { refuseTemplateSource } from '../../templates/refuseTemplateSource';
import type { Staff } from '../auth/staffSessions';
import { requireAction } from '../auth/requireStaff';
import { channelNotFound } from '../channels/respondWithChannelPage';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { describeSync } from './describeSync';
import { readTemplateForm } from './readTemplateForm';
import { TemplatesPage, type TemplatesPageProps } from './TemplatesPage';

const uuid = z.uuid();
const previewForm = z.object({ templateId: z.string(), variables: z.string().default('') });
type Status = 200 | 400 | 404 | 409 | 502 | 503;
type PageExtras = Omit<TemplatesPageProps, 'staff' | 'channel' | 'templates' | 'canManage'>;

/**
 * A channel's templates (`channels:read`) and their preview with sample variables, at
 * /coach/channels/:id/templates; org admins (`channels:manage`, the API's rule) sync a Cloud API
 * channel's templates from Meta, and add or delete a Twilio channel's Content SIDs.
 */
export function templateRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (staff: Staff) => forOrganization(deps.engine.orm.em, staff.organizationId);
  const now = () => new Date(deps.engine.clock.now());

  async function loadChannel(staff: Staff, channelId: string) {
    return uuid.safeParse(channelId).success ? readChannelRow(em(staff), channelId) : undefined;
  }
  /** One template of the channel that is still at the provider (the page lists no removed one). */
  async function loadTemplate(staff: Staff, channelId: string, templateId: string) {
    const template = uuid.safeParse(templateId).success ? await readChannelTemplate(em(staff), channelId, templateId) : undefined;
    return template?.removedAt === null ? template : undefined;
  }
  /** The page as it is now (templates read after any change), with what the last form did. */
  async function respond(c: Context<WebEnv>, channel: ChannelRow, extras: PageExtras = {}, status: Status = 200) {
    const staff = c.get('staff');
    const templates = await listChannelTemplates(em(staff), channel.id);
    return c.html(<TemplatesPage staff={staff} channel={channel} templates={templates} canManage={isAllowed(staff.role, 'channels:manage')} {...extras} />, status);
  }
  const refuse = (c: Context<WebEnv>, channel: ChannelRow, text: string, status: Status) => respond(c, channel, { flash: { kind: 'alert', text } }, status);

  app.get(`${base}/channels/:id/templates`, requireAction('channels:read'), async (c) => {
    const channel = await loadChannel(c.get('staff'), c.req.param('id'));
    if (!channel) return c.text(channelNotFound, 404);
    return respond(c, channel);
  });

  app.post(`${base}/channels/:id/templates/preview`, requireAction('channels:read'), async (c) => {
    const staff = c.get('staff');
    const channel = await loadChannel(staff, c.req.param('id'));
    if (!channel) return c.text(channelNotFound, 404);
    const form = previewForm.safeParse(await c.req.parseBody());
    const template = form.success ? await loadTemplate(staff, channel.id, form.data.templateId) : undefined;
    if (!form.success || !template?.body) return respond(c, channel, { error: 'Choose a template of this channel with a body.' }, 400);
    const variables = form.data.variables.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
    const rendered = renderTemplateBody(template.body, template.variables, variables);
    const values = { templateId: template.id, variables: form.data.variables };
    if (!rendered.ok) return respond(c, channel, { values, error: rendered.message }, 400);
    return respond(c, channel, { values, preview: rendered.text });
  });

  app.post(`${base}/channels/:id/templates/sync`, requireAction('channels:manage'), async (c) => {
    const id = c.req.param('id');
    const channel = await loadChannel(c.get('staff'), id);
    if (!channel) return c.text(channelNotFound, 404);
    const wrongKind = refuseTemplateSource(channel.kind, 'sync');
    if (wrongKind) return refuse(c, channel, `${wrongKind}.`, 409);
    if (!deps.secretBox) return refuse(c, channel, "The channel's access token cannot be opened: the server has no ENCRYPTION_KEY configured.", 503);
    const result = await syncCloudApiTemplates(em(c.get('staff')), channel, { secretBox: deps.secretBox, graphBaseUrl: deps.providerBaseUrls?.graph, at: now() });
    deps.engine.logger.info({ channelId: id, ok: result.ok, ...(result.ok ? { synced: result.synced, removed: result.removed } : { code: result.code }), by: c.get('staff').userId }, 'channel templates synced in the console');
    if (!result.ok) return refuse(c, channel, `Meta's templates could not be read: ${result.message}`, result.code === 'waba_id_missing' ? 409 : 502);
    return respond(c, channel, { flash: { kind: 'notice', text: describeSync(result) } });
  });

  app.post(`${base}/channels/:id/templates`, requireAction('channels:manage'), async (c) => {
    const id = c.req.param('id');
    const channel = await loadChannel(c.get('staff'), id);
    if (!channel) return c.text(channelNotFound, 404);
    const wrongKind = refuseTemplateSource(channel.kind, 'manual');
    if (wrongKind) return refuse(c, channel, `${wrongKind}.`, 409);
    const form = readTemplateForm(await c.req.parseBody());
    if (!form.ok) return respond(c, channel, { addForm: { values: form.values, error: form.error } }, 400);
    const saved = await saveManualTemplate(em(c.get('staff')), id, form.input, now());
    if (!saved.ok) return respond(c, channel, { addForm: { values: { ...form.input, variables: form.input.variables?.join(', ') }, error: { field: saved.field, message: saved.message } } }, saved.code === 'template_exists' ? 409 : 400);
    deps.engine.logger.info({ channelId: id, templateId: saved.id, by: c.get('staff').userId }, 'channel template added in the console');
    return respond(c, channel, { flash: { kind: 'notice', text: `Template '${form.input.name}' (${form.input.language}) added: broadcasts and flows can use it now.` } });
  });

  app.post(`${base}/channels/:id/templates/:templateId/delete`, requireAction('channels:manage'), async (c) => {
    const id = c.req.param('id');
    const channel = await loadChannel(c.get('staff'), id);
    if (!channel) return c.text(channelNotFound, 404);
    const template = await loadTemplate(c.get('staff'), id, c.req.param('templateId'));
    if (!template) return refuse(c, channel, 'This channel has no such template (deleted already?).', 404);
    if (template.source === 'sync') return refuse(c, channel, `'${template.name}' (${template.language}) is synced from Meta: delete it in WhatsApp Manager, then sync.`, 409);
    await deleteChannelTemplate(em(c.get('staff')), id, template.id, now());
    deps.engine.logger.info({ channelId: id, templateId: template.id, by: c.get('staff').userId }, 'channel template deleted in the console');
    return respond(c, channel, { flash: { kind: 'notice', text: `Template '${template.name}' (${template.language}) deleted.` } });
  });
  return app;
}

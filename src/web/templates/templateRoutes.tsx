import { Hono } from 'hono';
import { z } from 'zod';
import { readChannelRow } from '../../channels/onboarding/readChannelRows';
import { forOrganization } from '../../db/tenancy/scopes';
import { renderTemplateBody } from '../../templates/renderTemplateBody';
import { listChannelTemplates } from '../../templates/templateRows';
import type { Staff } from '../auth/staffSessions';
import { requireAction } from '../auth/requireStaff';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { TemplatesPage, type TemplatesPageProps } from './TemplatesPage';

const previewForm = z.object({ templateId: z.string(), variables: z.string().default('') });

/** A channel's templates (`channels:read`) and their preview with sample variables, at /coach/channels/:id/templates. */
export function templateRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (staff: Staff) => forOrganization(deps.engine.orm.em, staff.organizationId);

  async function loadPage(staff: Staff, channelId: string): Promise<Omit<TemplatesPageProps, 'staff'> | undefined> {
    if (!z.uuid().safeParse(channelId).success) return undefined;
    const channel = await readChannelRow(em(staff), channelId);
    return channel ? { channel, templates: await listChannelTemplates(em(staff), channelId) } : undefined;
  }

  app.get(`${base}/channels/:id/templates`, requireAction('channels:read'), async (c) => {
    const staff = c.get('staff');
    const page = await loadPage(staff, c.req.param('id'));
    if (!page) return c.text('No channel with this id in your organization.', 404);
    return c.html(<TemplatesPage staff={staff} {...page} />);
  });

  app.post(`${base}/channels/:id/templates/preview`, requireAction('channels:read'), async (c) => {
    const staff = c.get('staff');
    const page = await loadPage(staff, c.req.param('id'));
    if (!page) return c.text('No channel with this id in your organization.', 404);
    const form = previewForm.safeParse(await c.req.parseBody());
    const template = form.success ? page.templates.find((t) => t.id === form.data.templateId) : undefined;
    if (!form.success || !template?.body) return c.html(<TemplatesPage staff={staff} {...page} error="Choose a template of this channel with a body." />, 400);
    const variables = form.data.variables.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
    const rendered = renderTemplateBody(template.body, template.variables, variables);
    const values = { templateId: template.id, variables: form.data.variables };
    if (!rendered.ok) return c.html(<TemplatesPage staff={staff} {...page} values={values} error={rendered.message} />, 400);
    return c.html(<TemplatesPage staff={staff} {...page} values={values} preview={rendered.text} />);
  });
  return app;
}

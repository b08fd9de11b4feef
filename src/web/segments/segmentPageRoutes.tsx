import { Hono, type Context } from 'hono';
import { isAllowed } from '../../api/auth/permissions';
import { describeZodError } from '../../api/openapi/describeZodError';
import { CreateSegment } from '../../api/routes/segmentRoutes';
import { forOrganization } from '../../db/tenancy/scopes';
import { createSegment, listSegments, previewSegmentRule } from '../../segments/manageSegments';
import { readRuleInput } from '../../segments/readRuleInput';
import { requireAction } from '../auth/requireStaff';
import type { FieldError } from '../layout/FormField';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { SegmentsPage, type SegmentFormState } from './SegmentsPage';

/** The rule text as JSON (empty: no rule), or the refusal naming the rule field. */
function parseRuleText(text: string): { ok: true; raw: unknown } | { ok: false; error: FieldError } {
  if (text.trim() === '') return { ok: true, raw: null };
  try {
    return { ok: true, raw: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: { field: 'rule', message: `rule: this is not JSON (${(error as Error).message})` } };
  }
}

/**
 * Segments in the console: the list (segments:read) and a form (segments:write) that previews how
 * many workers a rule holds and creates the segment, through the API's body schema and services
 * (`readRuleInput`, `previewSegmentRule`, `createSegment`), so refusals are the API's.
 */
export function segmentPageRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (c: Context<WebEnv>) => forOrganization(deps.engine.orm.em, c.get('staff').organizationId);
  const render = async (c: Context<WebEnv>, form: SegmentFormState = {}, status: 200 | 400 = 200) => {
    const staff = c.get('staff');
    return c.html(<SegmentsPage staff={staff} segments={await listSegments(em(c))} canWrite={isAllowed(staff.role, 'segments:write')} form={form} created={c.req.query('created')} />, status);
  };

  app.get(`${base}/segments`, requireAction('segments:read'), (c) => render(c));

  app.post(`${base}/segments`, requireAction('segments:write'), async (c) => {
    const body = await c.req.parseBody();
    const values = { name: typeof body.name === 'string' ? body.name : '', rule: typeof body.rule === 'string' ? body.rule : '' };
    const refuse = (error: FieldError) => render(c, { values, error }, 400);
    const text = parseRuleText(values.rule);
    if (!text.ok) return refuse(text.error);
    const rule = await readRuleInput(em(c), text.raw);
    // A rule's field path (rule.all.1.op) is kept in the message shown next to the rule.
    if (!rule.ok) return refuse({ field: 'rule', message: rule.message });
    if (body.intent === 'preview') {
      if (!rule.rule) return refuse({ field: 'rule', message: 'rule: give a rule to preview' });
      return render(c, { values, preview: await previewSegmentRule(em(c), rule.rule) });
    }
    const input = CreateSegment.safeParse({ name: values.name, rule: rule.rule });
    if (!input.success) {
      const problem = describeZodError(input.error, 'name');
      return refuse({ field: problem.field ?? 'name', message: problem.message });
    }
    const created = await createSegment(em(c), { name: input.data.name, rule: rule.rule });
    deps.engine.logger.info({ segmentId: created.id, by: c.get('staff').userId }, 'segment created in the console');
    return c.redirect(`${base}/segments?created=${encodeURIComponent(created.name)}`, 303);
  });
  return app;
}

import { Hono, type Context } from 'hono';
import { isAllowed } from '../../api/auth/permissions';
import { describeZodError } from '../../api/openapi/describeZodError';
import { ChallengeBody, challengeInputOf } from '../../api/routes/challengeBody';
import { forOrganization } from '../../db/tenancy/scopes';
import { cancelChallenge } from '../../gamification/cancelChallenge';
import { readChallenges } from '../../gamification/challenges';
import { saveChallenge } from '../../gamification/saveChallenge';
import { requireAction } from '../auth/requireStaff';
import type { FieldError } from '../layout/FormField';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { listFilterChoices } from '../workers/findWorkers';
import { ChallengeEditPage } from './ChallengeEditPage';
import { challengeBodyOf, challengeFormValuesFor, challengeFormValuesOf, type ChallengeFormValues } from './challengeFormValues';
import { ChallengesPage } from './ChallengesPage';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The challenges page (progress:read) and, for staff who may write programs, its forms: create,
 * edit before the start, cancel. They go through the API's body schema and services
 * (`ChallengeBody`, `saveChallenge`, `cancelChallenge`), so the console refuses what the API refuses.
 */
export function challengePageRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (c: Context<WebEnv>) => forOrganization(deps.engine.orm.em, c.get('staff').organizationId);
  const now = () => deps.engine.clock.now();

  const list = async (c: Context<WebEnv>, form: { values?: Partial<ChallengeFormValues>; error?: FieldError } = {}, status: 200 | 400 | 404 | 409 | 422 = 200) => {
    const staff = c.get('staff');
    const [challenges, choices] = await Promise.all([readChallenges(em(c), { limit: 20 }), listFilterChoices(em(c))]);
    const newForm = isAllowed(staff.role, 'programs:write') ? { ...form, ...choices } : undefined;
    return c.html(<ChallengesPage staff={staff} challenges={challenges} now={now()} newForm={newForm} notice={c.req.query('done')} />, status);
  };
  const editPage = async (c: Context<WebEnv>, id: string, values: Partial<ChallengeFormValues>, error?: FieldError, status: 200 | 400 | 409 | 422 = 200) =>
    c.html(<ChallengeEditPage staff={c.get('staff')} challengeId={id} form={{ values, error, ...(await listFilterChoices(em(c))) }} />, status);
  const done = (c: Context<WebEnv>, notice: string) => c.redirect(`${base}/challenges?done=${encodeURIComponent(notice)}`, 303);

  /** The posted form as a challenge, or its refusal (the API's words, naming the field). */
  const readForm = async (c: Context<WebEnv>) => {
    const values = challengeFormValuesOf(await c.req.parseBody());
    const parsed = ChallengeBody.safeParse(challengeBodyOf(values));
    if (parsed.success) return { values, input: challengeInputOf(parsed.data) };
    const problem = describeZodError(parsed.error, 'name');
    return { values, error: { field: problem.field ?? 'name', message: problem.message } };
  };

  app.get(`${base}/challenges`, requireAction('progress:read'), (c) => list(c));

  app.post(`${base}/challenges`, requireAction('programs:write'), async (c) => {
    const form = await readForm(c);
    if (!form.input) return list(c, form, 400);
    const saved = await saveChallenge(em(c), form.input, { now: now() });
    if ('code' in saved) return list(c, { values: form.values, error: saved }, saved.status);
    return done(c, `Challenge ${form.input.name} created.`);
  });

  app.get(`${base}/challenges/:id/edit`, requireAction('programs:write'), async (c) => {
    const id = c.req.param('id');
    const [challenge] = uuid.test(id) ? await readChallenges(em(c), { ids: [id], limit: 1 }) : [];
    if (!challenge) return c.text('No such challenge in your organization.', 404);
    return editPage(c, id, challengeFormValuesFor(challenge));
  });

  app.post(`${base}/challenges/:id`, requireAction('programs:write'), async (c) => {
    const id = c.req.param('id');
    if (!uuid.test(id)) return c.text('No such challenge in your organization.', 404);
    const form = await readForm(c);
    if (!form.input) return editPage(c, id, form.values, form.error, 400);
    const saved = await saveChallenge(em(c), form.input, { id, now: now() });
    if (!('code' in saved)) return done(c, `Challenge ${form.input.name} saved.`);
    if (saved.status === 404) return c.text('No such challenge in your organization.', 404);
    return editPage(c, id, form.values, saved, saved.status);
  });

  app.post(`${base}/challenges/:id/cancel`, requireAction('programs:write'), async (c) => {
    const id = c.req.param('id');
    if (!uuid.test(id)) return c.text('No such challenge in your organization.', 404);
    const cancelled = await cancelChallenge(em(c), id, now());
    if ('code' in cancelled) return list(c, { error: cancelled }, cancelled.status);
    return done(c, 'Challenge cancelled.');
  });
  return app;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { describeZodError } from '../../api/openapi/describeZodError';
import { answerEnrollment, answerProgramTransition, CreateProgram, Enroll } from '../../api/routes/programRoutes';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { forOrganization } from '../../db/tenancy/scopes';
import { createProgram, getProgram } from '../../programs/manageProgram';
import { listSegments } from '../../segments/manageSegments';
import { requireAction } from '../auth/requireStaff';
import type { FieldError } from '../layout/FormField';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { NewProgramPage, type NewProgramChoices, type NewProgramValues } from './NewProgramPage';
import { ProgramManagePage, type ProgramManagePageProps } from './ProgramManagePage';
import { readEnrollForm } from './readEnrollForm';

const uuid = z.uuid();
const transition = z.enum(['activate', 'pause', 'resume', 'complete']);
const notFound = 'No program with this id in your organization.';
/** A refusal's field as the form names it: `blueprints.2` is the blueprints box. */
const formField = (field: string | undefined) => (field ?? '').split('.')[0] || 'form';

async function loadChoices(em: EntityManager): Promise<NewProgramChoices> {
  const blueprintKeys = (await scopedSql<{ key: string }>(em, `select distinct key from journey_blueprints where organization_id = :organization_id and status = 'published' order by key`)).map((row) => row.key);
  const channels = await scopedSql<{ id: string; name: string; kind: string }>(em, `select id, name, kind from channels where organization_id = :organization_id and status = 'active' order by name`);
  return { blueprintKeys, segments: await listSegments(em), channels };
}

function readValues(body: Record<string, string | File | (string | File)[]>): NewProgramValues {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const segmentIds = [body.segmentIds ?? []].flat().filter((v): v is string => typeof v === 'string');
  return { name: text('name'), blueprints: text('blueprints'), channelId: text('channelId'), startDate: text('startDate'), endDate: text('endDate'), segmentIds, autoEnroll: body.autoEnroll === 'true' };
}

/**
 * Creating a program (programs:write), changing its status (programs:write) and enrolling workers
 * (programs:enroll) from the console, through the API's body schemas and functions
 * (`createProgram`, `answerProgramTransition`, `answerEnrollment`): the same rules and refusals.
 */
export function programFormRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (c: Context<WebEnv>) => forOrganization(deps.engine.orm.em, c.get('staff').organizationId);
  const newPage = async (c: Context<WebEnv>, values?: NewProgramValues, error?: FieldError) =>
    c.html(<NewProgramPage staff={c.get('staff')} choices={await loadChoices(em(c))} values={values} error={error} />, error ? 400 : 200);
  const managePage = async (c: Context<WebEnv>, props: Omit<ProgramManagePageProps, 'staff' | 'program' | 'segments'> = {}, status: 200 | 400 | 402 | 409 = 200) => {
    const id = c.req.param('id') ?? '';
    const program = uuid.safeParse(id).success ? await getProgram(em(c), id) : undefined;
    if (!program) return c.text(notFound, 404);
    return c.html(<ProgramManagePage staff={c.get('staff')} program={program} segments={await listSegments(em(c))} {...props} />, status);
  };

  app.get(`${base}/programs/new`, requireAction('programs:write'), (c) => newPage(c));

  app.post(`${base}/programs/new`, requireAction('programs:write'), async (c) => {
    const values = readValues(await c.req.parseBody({ all: true }));
    const input = CreateProgram.safeParse({
      name: values.name,
      blueprints: (values.blueprints ?? '').split(/\r?\n/).map((key) => key.trim()).filter(Boolean),
      channelId: values.channelId || null,
      startDate: values.startDate || null,
      endDate: values.endDate || null,
      segmentIds: values.segmentIds,
      autoEnroll: values.autoEnroll,
    });
    if (!input.success) {
      const problem = describeZodError(input.error, 'form');
      return newPage(c, values, { field: formField(problem.field), message: problem.message });
    }
    const created = await createProgram(em(c), input.data, c.get('staff').userId);
    if ('code' in created) return newPage(c, values, { field: formField(created.field), message: created.message });
    deps.engine.logger.info({ programId: created.id, by: c.get('staff').userId }, 'program created in the console');
    return c.redirect(`${base}/programs/${created.id}/manage?flash=created`, 303);
  });

  app.get(`${base}/programs/:id/manage`, requireAction('programs:enroll'), (c) =>
    managePage(c, c.req.query('flash') === 'created' ? { flash: { kind: 'notice', text: 'Program created as a draft: activate it to enroll workers.' } } : {}));

  app.post(`${base}/programs/:id/:transition{activate|pause|resume|complete}`, requireAction('programs:write'), async (c) => {
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success || !(await getProgram(em(c), id))) return c.text(notFound, 404);
    const answer = await answerProgramTransition(em(c), id, transition.parse(c.req.param('transition')), deps.engine.clock.now());
    if (!answer.ok) return managePage(c, { flash: { kind: 'alert', text: answer.message } }, answer.httpStatus);
    return managePage(c, { flash: { kind: 'notice', text: `The program is ${answer.status}.` } });
  });

  app.post(`${base}/programs/:id/enroll`, requireAction('programs:enroll'), async (c) => {
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success || !(await getProgram(em(c), id))) return c.text(notFound, 404);
    const body = await c.req.parseBody();
    const values = { phoneNumber: typeof body.phoneNumber === 'string' ? body.phoneNumber : undefined, segmentId: typeof body.segmentId === 'string' ? body.segmentId : undefined };
    const form = await readEnrollForm(em(c), body);
    if (!form.ok) return managePage(c, { error: form.error, values }, 400);
    const request = Enroll.safeParse(form.body);
    if (!request.success) return managePage(c, { error: { field: form.choice === 'csv' ? 'csv' : 'form', message: describeZodError(request.error, 'form').message }, values }, 400);
    const background = (name: string, task: () => Promise<unknown>) =>
      void task().catch((error: unknown) => deps.engine.logger.error({ err: error, task: name }, 'background task failed')).finally(() => deps.wakeDispatcher?.());
    const answer = await answerEnrollment(em(c), id, request.data, deps.engine.clock.now(), { concurrency: 1, background });
    if (!answer.ok) return managePage(c, { flash: { kind: 'alert', text: answer.message }, values }, answer.httpStatus);
    deps.wakeDispatcher?.();
    deps.engine.logger.info({ programId: id, assigned: answer.assigned, by: c.get('staff').userId }, 'workers enrolled in the console');
    const started = answer.startingInBackground ? 'their conversations are being started' : `${answer.started} conversation(s) started`;
    return managePage(c, { flash: { kind: 'notice', text: `${answer.assigned} worker(s) newly enrolled; ${started}.` } });
  });
  return app;
}

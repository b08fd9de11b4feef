import { isSequenceCursor } from '../../http/isSequenceCursor';
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { forOrganization } from '../../db/tenancy/scopes';
import { fireDueTimers } from '../../engine/fireDueTimers';
import { listExperiments } from '../../experiments/readExperiment';
import { handleInbound } from '../../engine/handleInbound';
import { requireAction } from '../auth/requireStaff';
import { streamGoesOn } from '../auth/streamGoesOn';
import { Message } from '../workers/ChatThread';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { listSimulationMessages, loadSimulation, type Simulation } from './loadSimulation';
import { SimulationState, SimulatorPage } from './SimulatorPage';
import { findConsoleChannel, simulatorPhone, startSimulation } from './simulatorSession';

const pollMs = 400;
const noChannel = 'This organization has no console channel, which the simulator talks through: an administrator must add one.';
const stateKey = (sim: Simulation | undefined) => JSON.stringify([sim?.conversation?.status, sim?.conversation?.version, sim?.conversation?.nextTimerAt, sim?.progress]);

/** The simulator page, its actions (start, say, fire the next timer) and its event stream. */
export function simulatorRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (organizationId: string) => forOrganization(deps.engine.orm.em, organizationId);
  app.use(`${base}/simulator`, requireAction('blueprints:read'));
  app.use(`${base}/simulator/*`, requireAction('blueprints:read'));

  app.get(`${base}/simulator`, async (c) => {
    const staff = c.get('staff');
    const scope = em(staff.organizationId);
    const versions = await scopedSql<{ id: string; title: string; version: number; status: string; languages: string[] | null }>(
      scope,
      `select id, title, version, status, definition->'blueprint'->'languages' as languages
         from journey_blueprints where organization_id = :organization_id and status <> 'archived' order by key, version desc limit 500`,
    );
    const sim = await loadSimulation(scope, staff.userId);
    const messages = sim ? await listSimulationMessages(scope, sim, '0') : [];
    const selected = c.req.query('blueprint');
    const problem = (await findConsoleChannel(scope)) ? undefined : noChannel;
    const experiments = (await listExperiments(scope)).filter((e) => e.level === 'journey').map((e) => ({ key: e.key, name: e.name, variants: e.variants.map((v) => v.key) }));
    return c.html(<SimulatorPage staff={staff} versions={versions} selected={selected} sim={sim} messages={messages} problem={problem} experiments={experiments} />);
  });

  app.post(`${base}/simulator/start`, async (c) => {
    const staff = c.get('staff');
    const form = await c.req.parseBody();
    const blueprint = z.uuid().safeParse(form.blueprint);
    if (!blueprint.success) return c.text('Pick a journey version.', 400);
    const language = z.string().max(20).optional().safeParse(form.language || undefined);
    if (!language.success) return c.text('language: pick one of the journey\'s languages.', 400);
    const scope = em(staff.organizationId);
    const channelId = await findConsoleChannel(scope);
    if (!channelId) return c.text(noChannel, 409);
    const [found] = await scopedSql<{ languages: string[] | null }>(
      scope,
      `select definition->'blueprint'->'languages' as languages from journey_blueprints where organization_id = :organization_id and id = :id`,
      { id: blueprint.data },
    );
    if (!found) return c.text('No journey version with this id in your organization.', 404);
    if (language.data && !found.languages?.includes(language.data)) {
      return c.text(`language: this journey version has no '${language.data}' texts (it has ${found.languages?.join(', ') ?? 'none'}).`, 400);
    }
    const variants: Record<string, string> = {};
    for (const experiment of (await listExperiments(scope)).filter((e) => e.level === 'journey')) {
      const picked = form[`variant.${experiment.key}`];
      if (typeof picked !== 'string' || picked === '') continue;
      if (!experiment.variants.some((v) => v.key === picked)) return c.text(`variant.${experiment.key}: '${picked}' is not a variant of this experiment.`, 400);
      variants[experiment.key] = picked;
    }
    await startSimulation(scope, staff, { blueprintId: blueprint.data, language: language.data ?? null, variants }, channelId, deps.engine.clock.now());
    deps.wakeDispatcher?.();
    return c.redirect(`${base}/simulator`, 303);
  });

  app.post(`${base}/simulator/say`, async (c) => {
    const staff = c.get('staff');
    const text = z.string().trim().min(1).max(4096).safeParse((await c.req.parseBody()).text);
    if (!text.success) return c.text('Write a message first.', 400);
    const channelId = await findConsoleChannel(em(staff.organizationId));
    if (!channelId) return c.text(noChannel, 409);
    const outcome = await handleInbound(deps.engine, { id: channelId, organizationId: staff.organizationId }, {
      providerMessageId: `simulator-${randomUUID()}`,
      from: simulatorPhone(staff.userId),
      at: deps.engine.clock.now(),
      text: text.data,
    });
    deps.wakeDispatcher?.();
    if (c.req.header('x-requested-with') === 'fetch') return c.json({ outcome });
    return c.redirect(`${base}/simulator`, 303);
  });

  // "Moving the clock": the run's earliest timer is made due now and the timer tick fires it.
  app.post(`${base}/simulator/advance`, async (c) => {
    const staff = c.get('staff');
    const scope = em(staff.organizationId);
    const sim = await loadSimulation(scope, staff.userId);
    if (sim?.conversation) {
      await scopedSql(
        scope,
        `update timers set due_at = :now where organization_id = :organization_id and id = (
           select id from timers where organization_id = :organization_id and conversation_id = :conversation order by due_at limit 1)`,
        { now: new Date(deps.engine.clock.now()), conversation: sim.conversation.id },
      );
      await fireDueTimers(deps.engine);
      deps.wakeDispatcher?.();
    }
    return c.redirect(`${base}/simulator`, 303);
  });

  app.get(`${base}/simulator/events`, (c) => {
    const staff = c.get('staff');
    const scope = () => em(staff.organizationId);
    // A reconnecting EventSource says where it stopped (Last-Event-ID): no message twice.
    const startAfter = c.req.header('last-event-id') ?? c.req.query('after');
    return streamSSE(c, async (stream) => {
      let after = isSequenceCursor(startAfter) ? startAfter : '0';
      const first = await loadSimulation(scope(), staff.userId);
      const conversationId = first?.conversation?.id;
      let lastState = stateKey(first);
      while (await streamGoesOn(stream, deps, staff, 'blueprints:read')) {
        const sim = await loadSimulation(scope(), staff.userId);
        if (sim?.conversation?.id !== conversationId) {
          await stream.writeSSE({ event: 'reset', data: 'restarted' });
          break;
        }
        if (sim) {
          for (const message of await listSimulationMessages(scope(), sim, after)) {
            await stream.writeSSE({ event: 'message', id: message.seq, data: (await (<Message entry={message} timeZone={staff.timezone} />).toString()) });
            after = message.seq;
          }
          const key = stateKey(sim);
          if (key !== lastState) {
            lastState = key;
            await stream.writeSSE({ event: 'state', data: (await (<SimulationState sim={sim} timeZone={staff.timezone} />).toString()) });
          }
        }
        await stream.sleep(pollMs);
      }
    });
  });
  return app;
}

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handleInbound } from '../../src/engine/handleInbound';
import { systemTextCatalog } from '../../src/engine/systemTexts';
import type { ApiOrganization } from '../support/apiWorld';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();

interface SystemTextJson {
  key: string;
  placeholders: string[];
  defaults: Record<string, string>;
  overrides: Record<string, string>;
}

let phones = 0;
/** A worker of the organization speaking the language, made through the API. */
async function addWorker(organization: ApiOrganization, language: string) {
  const phoneNumber = `+1555700${String(++phones).padStart(4, '0')}`;
  const created = await world().call(organization.keys.org_admin, 'POST', '/v1/workers', { fullName: 'Ana', phoneNumber, language });
  expect(created.status).toBe(201);
  return { id: String(created.json.id), phoneNumber };
}

/** What the worker writes, through the real inbound pipeline; returns the engine's answer. */
async function say(organization: ApiOrganization, worker: { id: string; phoneNumber: string }, text: string): Promise<string | null> {
  const { engine } = world();
  await handleInbound(engine, { id: organization.channelId, organizationId: organization.id }, { providerMessageId: `test-${randomUUID()}`, from: worker.phoneNumber, at: engine.clock.now(), text });
  const [reply] = await world().sql<{ body: string | null }>(
    `select body from messages where organization_id = :organization_id and worker_id = :worker and direction = 'outbound' order by seq desc limit 1`,
    { worker: worker.id },
    organization.id,
  );
  return reply.body;
}

async function listFor(key: string) {
  const answer = await world().call(key, 'GET', '/v1/system-texts');
  expect(answer.status).toBe(200);
  return (answer.json.systemTexts as unknown as SystemTextJson[]);
}

describe('system texts per organization', () => {
  it('lists every key with its placeholders and shipped texts', async () => {
    const texts = await listFor(world().a.keys.org_admin);
    expect(texts.map((entry) => entry.key)).toEqual(Object.keys(systemTextCatalog.en));
    expect(texts.find((entry) => entry.key === 'progress')).toMatchObject({ placeholders: ['badges', 'done', 'points', 'score', 'streak'], overrides: {} });
    expect(Object.keys(texts.find((entry) => entry.key === 'joined')!.defaults).sort()).toEqual(['en', 'es', 'pt']);
  });

  it("sends the organization's override to its workers, only to them, until it is removed", async () => {
    const help = 'Responde a las preguntas. Escribe AGENTE y alguien de Acme te contesta.';
    const set = await world().admin('PUT', '/v1/system-texts/helpFinished/es', { text: help });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ key: 'helpFinished', overrides: { es: help } });

    const ours = await addWorker(world().a, 'es-MX');
    expect(await say(world().a, ours, 'AYUDA')).toBe(help);
    const english = await addWorker(world().a, 'en');
    expect(await say(world().a, english, 'HELP')).toBe(systemTextCatalog.en.helpFinished);

    // Organization b neither sees nor uses a's override, nor can remove it.
    const theirs = await addWorker(world().b, 'es');
    expect(await say(world().b, theirs, 'AYUDA')).toBe(systemTextCatalog.es.helpFinished);
    expect((await listFor(world().b.keys.org_admin)).find((entry) => entry.key === 'helpFinished')?.overrides).toEqual({});
    expect((await world().call(world().b.keys.org_admin, 'DELETE', '/v1/system-texts/helpFinished/es')).status).toBe(404);
    expect(await say(world().a, ours, 'AYUDA')).toBe(help);

    expect((await world().admin('DELETE', '/v1/system-texts/helpFinished/es')).status).toBe(204);
    expect(await say(world().a, ours, 'AYUDA')).toBe(systemTextCatalog.es.helpFinished);
    expect((await world().admin('DELETE', '/v1/system-texts/helpFinished/es')).json.error).toMatchObject({ code: 'not_found', field: 'language' });
  });

  it('fills the placeholders of an override, in a language the engine does not ship', async () => {
    const set = await world().admin('PUT', '/v1/system-texts/progress/sw', { text: 'Maendeleo: hatua {done}, alama {score}. Beji: {badges}.' });
    expect(set.status).toBe(200);
    expect((await world().admin('PUT', '/v1/system-texts/noBadges/sw-KE', { text: 'bado hakuna' })).json).toMatchObject({ overrides: { 'sw-ke': 'bado hakuna' } });
    const worker = await addWorker(world().a, 'sw-KE');
    expect(await say(world().a, worker, 'PROGRESS')).toBe('Maendeleo: hatua 0, alama 0. Beji: bado hakuna.');
  });

  it('refuses a bad override with a 400 naming the field', async () => {
    const cases: [string, unknown, string][] = [
      ['/v1/system-texts/welcome/es', { text: 'Hola' }, 'key'],
      ['/v1/system-texts/help/Spanish!', { text: 'Hola' }, 'language'],
      ['/v1/system-texts/help/es', { text: '  ' }, 'text'],
      ['/v1/system-texts/help/es', {}, 'text'],
      ['/v1/system-texts/joined/es', { text: '¡Hola, {nombre}!' }, 'text'],
      ['/v1/system-texts/joined/es', { text: '¡Hola, {name!' }, 'text'],
      ['/v1/system-texts/help/es', { text: 'Hola {name}' }, 'text'],
    ];
    for (const [path, body, field] of cases) {
      const answer = await world().admin('PUT', path, body);
      expect(answer.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(answer.json.error, `${path} ${JSON.stringify(body)}`).toMatchObject({ field });
    }
    const unknown = await world().admin('PUT', '/v1/system-texts/joined/es', { text: '¡Hola, {nombre}!' });
    expect(String((unknown.json.error as { message: string }).message)).toBe('text: {nombre} is not a placeholder of joined (its placeholders: {name})');
    expect((await listFor(world().a.keys.org_admin)).find((entry) => entry.key === 'joined')?.overrides).toEqual({});
  });

  it("answers a worker without a language in the organization's default language", async () => {
    const created = await world().call(world().b.keys.org_admin, 'POST', '/v1/workers', { fullName: 'Sem idioma', phoneNumber: '+15557009999' });
    const worker = { id: String(created.json.id), phoneNumber: '+15557009999' };
    expect((await world().call(world().b.keys.org_admin, 'PATCH', '/v1/organization/settings', { defaultLanguage: 'pt' })).status).toBe(200);
    expect(await say(world().b, worker, 'AJUDA')).toBe(systemTextCatalog.pt.helpFinished);
  });

  it('is for org admins only', async () => {
    expect((await world().call(world().a.keys.training_manager, 'GET', '/v1/system-texts')).status).toBe(403);
    expect((await world().call(world().a.keys.coach, 'PUT', '/v1/system-texts/help/es', { text: 'x' })).status).toBe(403);
  });
});

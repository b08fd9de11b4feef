import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const SOURCE = (welcome: string) => `blueprint:
  key: library-source
  title: Library source
  purpose: Stores content others reuse
  defaultLanguage: en
  languages: [en, es]
phases:
  - key: one
    title: { en: One, es: Uno }
    touchpoints:
      - key: welcome
        type: text
        content: welcome-card
        text: { en: "${welcome}", es: "Lávate las manos antes de cada turno" }
      - key: ppe
        type: quiz
        text: { en: "Which gloves protect you?", es: "¿Qué guantes te protegen?" }
        options:
          - { id: a, text: { en: Nitrile, es: Nitrilo }, correct: true }
          - { id: b, text: { en: None, es: Ninguno } }
`;

const USER = `blueprint:
  key: library-user
  title: Library user
  purpose: Shows library content
  defaultLanguage: en
  languages: [en, es]
phases:
  - key: one
    title: { en: One, es: Uno }
    touchpoints:
      - key: hello
        content: welcome-card
      - key: quiz
        content: library-source/ppe
        answers: { maxAttempts: 2 }
`;

let db: TestDatabase;
let world: ApiWorld;
const upload = (yaml: string) => world.admin('POST', '/v1/blueprints?publish=true', yaml, { 'content-type': 'application/yaml' });
type Item = { id: string; key: string; version: number; latest: boolean; type: string; usedBy: string[]; body: { text: Record<string, string> } };
const items = async (query: string) => (await world.admin('GET', `/v1/content${query}`)).json as unknown as { items: Item[]; nextCursor: string | null };

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db);
});
afterAll(async () => db?.destroy());

describe('the content library', () => {
  it('refuses a flow referencing a key the library does not hold, located at the reference', async () => {
    const answer = await upload(USER);
    expect(answer.status).toBe(422);
    const issues = answer.json.issues as unknown as Array<{ code: string; line: number; column: number; path: string; message: string }>;
    expect(issues[0]).toMatchObject({ code: 'unknown-content', line: 12, column: 18, path: 'phases[0].touchpoints[0].content' });
    expect(issues[0].message).toContain("'welcome-card'");
  });

  it('lets a flow show library content by key: versions share the rows, and the export is self-contained', async () => {
    expect((await upload(SOURCE('Wash your hands before each shift'))).status).toBe(201);
    const stored = await upload(USER);
    expect(stored.status).toBe(201);
    const shared = await world.sql<{ key: string; blueprints: number }>(
      `select c.key, count(distinct jb.key)::int as blueprints from content c join touchpoints t on t.content_id = c.id join phases ph on ph.id = t.phase_id
         join journey_blueprints jb on jb.id = ph.journey_blueprint_id where c.organization_id = :organization_id group by c.key order by c.key`,
    );
    expect(shared).toEqual([{ key: 'library-source/ppe', blueprints: 2 }, { key: 'welcome-card', blueprints: 2 }]);

    const exported = await world.admin('GET', `/v1/blueprints/${String(stored.json.id)}/export`);
    expect(exported.text).toContain('content: welcome-card');
    expect(exported.text).toContain('Wash your hands before each shift');
    // The exported file imports as the same version: nothing new.
    expect((await upload(exported.text)).json).toMatchObject({ outcome: 'unchanged', version: 1 });
  });

  it('keeps unchanged content in its row and makes changed content the next version, pinned versions untouched', async () => {
    const before = await world.sql<{ n: number }>(`select count(*)::int as n from content where organization_id = :organization_id`);
    expect((await upload(SOURCE('Wash your hands well before each shift'))).json).toMatchObject({ outcome: 'created', version: 2 });
    const versions = await world.sql<{ key: string; version: number; latest: boolean }>(
      `select key, version, latest from content where organization_id = :organization_id order by key, version`,
    );
    expect(versions).toEqual([
      { key: 'library-source/ppe', version: 1, latest: true },
      { key: 'welcome-card', version: 1, latest: false },
      { key: 'welcome-card', version: 2, latest: true },
    ]);
    expect(before[0].n + 1).toBe(versions.length);
    const pinned = await world.sql<{ text: string }>(
      `select c.body -> 'text' ->> 'en' as text from journey_blueprints jb join phases ph on ph.journey_blueprint_id = jb.id join touchpoints t on t.phase_id = ph.id
         join content c on c.id = t.content_id where jb.organization_id = :organization_id and jb.key = 'library-user' and t.key = 'hello'`,
    );
    expect(pinned).toEqual([{ text: 'Wash your hands before each shift' }]);
  });

  it('lists the latest version of each item with search, filters and pages, only of the caller', async () => {
    expect((await items('?search=WASH hand')).items.map((i) => [i.key, i.version])).toEqual([['welcome-card', 2]]);
    expect((await items('?search=glov')).items.map((i) => i.key)).toEqual(['library-source/ppe']);
    expect((await items('?type=quiz')).items.map((i) => i.key)).toEqual(['library-source/ppe']);
    expect((await items('?language=es')).items).toHaveLength(2);
    expect((await items('?language=fr')).items).toHaveLength(0);
    expect((await items('?blueprint=library-user')).items.map((i) => i.usedBy)).toEqual([['library-source', 'library-user'], ['library-source', 'library-user']]);
    const first = await items('?limit=1');
    expect(first.items.map((i) => i.key)).toEqual(['library-source/ppe']);
    expect((await items(`?limit=1&cursor=${first.nextCursor}`)).items.map((i) => i.key)).toEqual(['welcome-card']);
    expect((await world.call(world.b.keys.org_admin, 'GET', '/v1/content')).json).toEqual({ items: [], nextCursor: null });
    expect((await world.admin('GET', '/v1/content?type=video')).json).toMatchObject({ error: { field: 'type' } });
  });

  it('refuses a search with no letter or digit to search for, and lists everything for an empty one', async () => {
    for (const search of ['!!!', '%25%25']) {
      const refused = await world.admin('GET', `/v1/content?search=${search}`);
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ error: { field: 'search' } });
    }
    expect((await items('?search=')).items).toHaveLength(2);
  });

  it('reads one item with its versions and the blueprint versions that show it', async () => {
    const [old] = await world.sql<{ id: string }>(`select id from content where organization_id = :organization_id and key = 'welcome-card' and version = 1`);
    const read = await world.admin('GET', `/v1/content/${old.id}`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ key: 'welcome-card', version: 1, latest: false, licenseType: 'own', languages: ['en', 'es'] });
    expect((read.json.versions as unknown as Array<{ version: number }>).map((v) => v.version)).toEqual([1, 2]);
    expect((read.json.touchpoints as unknown as Array<{ blueprintKey: string; blueprintVersion: number; touchpoint: string }>).map((t) => `${t.blueprintKey}@${t.blueprintVersion}/${t.touchpoint}`)).toEqual([
      'library-source@1/welcome',
      'library-user@1/hello',
    ]);
  });

  it('broadcasts library content picked by key (its latest version) and names an unknown key', async () => {
    const worker = await world.admin('POST', '/v1/workers', { fullName: 'Ana Lima', phoneNumber: '+15553000101', language: 'es' });
    const sent = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: [worker.json.id] }, content: { contentKey: 'welcome-card' } });
    expect(sent.status).toBe(201);
    const bodies = await world.sql<{ body: string }>(`select body from messages where organization_id = :organization_id and broadcast_id = :id`, { id: String(sent.json.id) });
    expect(bodies).toEqual([{ body: 'Lávate las manos antes de cada turno' }]);
    const unknown = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: [worker.json.id] }, content: { contentKey: 'no-such-card' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: { code: 'unknown_content', field: 'content.contentKey' } });
    const both = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: [worker.json.id] }, content: { contentKey: 'welcome-card', text: 'x' } });
    expect(both.status).toBe(400);
  });
});

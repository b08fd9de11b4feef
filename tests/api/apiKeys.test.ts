import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();

describe('API keys', () => {
  it('refuses a request without a key, or with an unknown one', async () => {
    const none = await world().app.request('http://localhost/v1/api-keys');
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    const unknown = await world().call(`ce_00000000_${'x'.repeat(43)}`, 'GET', '/v1/api-keys');
    expect(unknown.status).toBe(401);
  });

  it('creates a key shown once, stores only its hash, records its last use, and revokes it', async () => {
    const created = await world().admin('POST', '/v1/api-keys', { name: 'HR system', role: 'coach' });
    expect(created.status).toBe(201);
    const key = String(created.json.key);
    expect(key.startsWith(String(created.json.prefix))).toBe(true);
    const stored = await world().sql<{ key_hash: string }>('select key_hash from api_keys where organization_id = :organization_id and id = :id', { id: String(created.json.id) });
    expect(stored[0].key_hash).not.toContain(key);
    expect(stored[0].key_hash).toHaveLength(64);

    expect((await world().call(key, 'GET', '/v1/api-keys')).status).toBe(403);
    const listed = await world().admin('GET', '/v1/api-keys');
    const entry = (listed.json.apiKeys as { id: string; lastUsedAt: string | null; key?: string }[]).find((k) => k.id === created.json.id);
    expect(entry?.lastUsedAt).not.toBeNull();
    expect(entry?.key).toBeUndefined();

    expect((await world().admin('DELETE', `/v1/api-keys/${String(created.json.id)}`)).status).toBe(204);
    expect((await world().call(key, 'GET', '/v1/api-keys')).status).toBe(401);
  });

  it('validation errors use the error shape with the field path', async () => {
    const bad = await world().admin('POST', '/v1/api-keys', { name: 'x', role: 'boss' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid_json', field: 'role' });
  });

  it("answers 404 for another organization's key", async () => {
    const theirs = await world().call(world().b.keys.org_admin, 'POST', '/v1/api-keys', { name: 'theirs', role: 'coach' });
    const revoke = await world().admin('DELETE', `/v1/api-keys/${String(theirs.json.id)}`);
    expect(revoke.status).toBe(404);
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const doc = await world().app.request('http://localhost/openapi.json');
    expect(doc.status).toBe(200);
    const json = (await doc.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(json.paths)).toContain('/v1/api-keys/{id}');
    const docs = await world().app.request('http://localhost/docs');
    expect(await docs.text()).toContain('swagger');
  });
});

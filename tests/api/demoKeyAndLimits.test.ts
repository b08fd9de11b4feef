import { describe, expect, it } from 'vitest';
import { createDemoApiKey } from '../../src/api/apiKeys/createDemoApiKey';
import { hashApiKey } from '../../src/api/auth/apiKeyFormat';
import { checkExperimentsAllowed, checkTierLimit } from '../../src/limits/tierLimits';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem } from '../../src/db/tenancy/scopes';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();

describe('the demo key', () => {
  it('makes a fresh org_admin key per start, revoking the previous one', async () => {
    const first = await createDemoApiKey(world().engine.orm.em, world().a.id);
    const second = await createDemoApiKey(world().engine.orm.em, world().a.id);
    expect((await world().call(first, 'GET', '/v1/api-keys')).status).toBe(401);
    expect((await world().call(second, 'GET', '/v1/api-keys')).status).toBe(200);
  });

  it('registers DEMO_API_KEY once and keeps it across starts', async () => {
    const chosen = `ce_0123abcd_${'k'.repeat(40)}`;
    expect(await createDemoApiKey(world().engine.orm.em, world().a.id, chosen)).toBe(chosen);
    expect(await createDemoApiKey(world().engine.orm.em, world().a.id, chosen)).toBe(chosen);
    expect((await world().call(chosen, 'GET', '/v1/workers')).status).toBe(200);
    await expect(createDemoApiKey(world().engine.orm.em, world().a.id, 'short')).rejects.toThrow(/DEMO_API_KEY must look like/);
  });

  it('does not bring back a revoked DEMO_API_KEY, and the next start goes on without it', async () => {
    const chosen = `ce_4567cdef_${'r'.repeat(40)}`;
    expect(await createDemoApiKey(world().engine.orm.em, world().a.id, chosen)).toBe(chosen);
    await scopedSql(asSystem(world().engine.orm.em, 'test: revoke'), `update api_keys set revoked_at = now() where key_hash = :hash`, { hash: hashApiKey(chosen) });
    expect(await createDemoApiKey(world().engine.orm.em, world().a.id, chosen)).toBeUndefined();
    expect((await world().call(chosen, 'GET', '/v1/workers')).status).toBe(401);
  });
});

describe('tier limits', () => {
  it('refuse more workers than the tier holds, and experiments on basic', async () => {
    await scopedSql(asSystem(world().engine.orm.em, 'test: downgrade'), `update organizations set subscription_tier = 'basic' where id = :id`, { id: world().b.id });
    const em = world().em(world().b.id);
    expect(await checkTierLimit(em, 'workers', 1_000, world().clock.now())).toBeUndefined();
    const refusal = await checkTierLimit(em, 'workers', 1_001, world().clock.now());
    expect(refusal).toMatchObject({ code: 'tier_limit', limit: 'workers' });
    // Which limit, and which tier lifts it.
    expect(refusal?.message).toContain('basic tier allows 1000 workers');
    expect(refusal?.message).toContain('The standard tier allows 50000: upgrade the subscription');
    expect((await checkExperimentsAllowed(em))?.message).toContain('standard and premium');
    expect(await checkExperimentsAllowed(world().em())).toBeUndefined();
    const rows = Array.from({ length: 1_001 }, (_, i) => ({ fullName: `W${i}`, phoneNumber: `+1888${String(i).padStart(7, '0')}` }));
    const answer = await world().call(world().b.keys.org_admin, 'POST', '/v1/workers/import', { workers: rows });
    expect(answer.status).toBe(402);
    expect(answer.json.error).toMatchObject({ code: 'tier_limit' });
    // Every path: a single worker through the API, on top of 1,000 already held.
    await scopedSql(asSystem(world().engine.orm.em, 'test: fill'), `insert into workers (organization_id, full_name, phone_number) select :id, 'F' || n, '+1777' || lpad(n::text, 7, '0') from generate_series(1, 1000) n`, { id: world().b.id });
    const one = await world().call(world().b.keys.org_admin, 'POST', '/v1/workers', { fullName: 'One more', phoneNumber: '+15550009999' });
    expect(one.status).toBe(402);
    expect(one.json.error).toMatchObject({ code: 'tier_limit', message: expect.stringContaining('The standard tier allows 50000') });
  });
});

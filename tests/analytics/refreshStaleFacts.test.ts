import { describe, expect, it } from 'vitest';
import { refreshStaleFacts } from '../../src/analytics/refreshStaleFacts';
import { asSystem } from '../../src/db/tenancy/scopes';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

describe('the analytics refresh job', () => {
  it('rebuilds a running program once, then again only after a minute, or ten times its last rebuild when longer', async () => {
    const w = world();
    await w.sql(`update programs set status = 'active' where organization_id = :organization_id and id = :program`, { program: w.program.id });
    const worker = await w.addWorker();
    await w.enroll(worker.id);
    const system = () => asSystem(w.deps.orm.em, 'test: refresh job');
    const at = (ms: number) => new Date(w.clock.now() + ms);
    const mine = async (now: Date) => (await refreshStaleFacts(system(), now)).programs;
    expect(await mine(at(0))).toBeGreaterThanOrEqual(1);
    expect(await w.sql(`select touchpoint_key from analytics_touchpoint_facts where organization_id = :organization_id`)).not.toHaveLength(0);
    expect(await mine(at(30_000))).toBe(0);
    expect(await mine(at(61_000))).toBeGreaterThanOrEqual(1);
    await w.sql(`update analytics_refreshes set took_ms = 20000 where organization_id = :organization_id`);
    expect(await mine(at(61_000 + 120_000))).toBe(0);
    expect(await mine(at(61_000 + 201_000))).toBeGreaterThanOrEqual(1);
  });
});

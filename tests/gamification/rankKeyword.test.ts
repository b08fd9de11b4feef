import { describe, expect, it } from 'vitest';
import { activateRuleVersion } from '../../src/gamification/activateRuleVersion';
import { readLeaderboard } from '../../src/gamification/readLeaderboard';
import { defaultRules } from '../../src/gamification/rulesSchema';
import { storeRuleVersion } from '../../src/gamification/storeRuleVersion';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

async function lastReply(workerId: string): Promise<string> {
  const log = await world().log(workerId);
  return log.filter((m) => m.direction === 'outbound').at(-1)?.body ?? '';
}

describe('RANK', () => {
  it("tells a worker their own place this week, only where the organization's rules allow it, never others' names", async () => {
    const w = world();
    const [ada, ben, cai] = [await w.addWorker({ fullName: 'Ada' }), await w.addWorker({ fullName: 'Ben' }), await w.addWorker({ fullName: 'Cai' })];
    for (const [worker, site] of [[ada, 'Store 14'], [ben, 'Store 14'], [cai, 'Store 9']] as const) {
      await w.sql('update workers set attributes = :attributes::jsonb where organization_id = :organization_id and id = :worker', { worker: worker.id, attributes: JSON.stringify({ site }) });
      await w.enroll(worker.id);
    }
    await w.say(ada.phoneNumber!, 'Team app');
    await w.say(ada.phoneNumber!, '1');
    await w.say(ben.phoneNumber!, 'Break room board');

    expect(await w.say(ben.phoneNumber!, 'RANK')).toEqual({ kind: 'keyword', keyword: 'RANK' });
    expect(await lastReply(ben.id)).toBe('Ranks are not shared in your organization. Send PROGRESS to see your points.');

    const version = await storeRuleVersion(w.em(), { ...defaultRules, ownRank: { among: 'site' } });
    await activateRuleVersion(w.em(), version, w.clock.now());
    const board = await readLeaderboard(w.em(), { period: 'week', attribute: { name: 'site', value: 'Store 14' } }, { limit: 10, showNames: false, now: w.clock.now(), timezone: 'UTC' });
    const benRow = board.rows.find((r) => r.workerId === ben.id)!;
    await w.say(ben.phoneNumber!, 'rank');
    expect(await lastReply(ben.id)).toBe(`You are number ${benRow.rank} of ${board.total} at Store 14 this week, with ${benRow.points} points.`);
    expect(await lastReply(ben.id)).not.toContain('Ada');

    await w.sql("update workers set language = 'es' where organization_id = :organization_id and id = :worker", { worker: cai.id });
    await w.sql('delete from gamification_weekly_points where organization_id = :organization_id and worker_id = :worker', { worker: cai.id });
    await w.say(cai.phoneNumber!, 'puesto');
    expect(await lastReply(cai.id)).toBe('Aún no tienes puntos esta semana: responde un mensaje para entrar en la tabla.');
  });
});

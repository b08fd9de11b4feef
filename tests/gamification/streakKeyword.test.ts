import { describe, expect, it } from 'vitest';
import { activateRuleVersion } from '../../src/gamification/activateRuleVersion';
import { defaultRules } from '../../src/gamification/rulesSchema';
import { storeRuleVersion } from '../../src/gamification/storeRuleVersion';
import { days } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

async function lastReply(workerId: string): Promise<string> {
  const log = await world().log(workerId);
  return log.filter((m) => m.direction === 'outbound').at(-1)?.body ?? '';
}

describe('STREAK and PROGRESS', () => {
  it("announce a kept streak, and tell a worker their streak and points in their language, counted in their timezone", async () => {
    const version = await storeRuleVersion(world().em(), { ...defaultRules, streak: { ...defaultRules.streak, announce: true } });
    await activateRuleVersion(world().em(), version, world().clock.now());
    const worker = await world().addWorker();
    await world().sql("update workers set language = 'es', timezone = 'America/Sao_Paulo' where organization_id = :organization_id and id = :worker", { worker: worker.id });
    await world().enroll(worker.id);
    await world().say(worker.phoneNumber!, '1');
    await world().say(worker.phoneNumber!, '1');

    expect(await world().say(worker.phoneNumber!, 'racha')).toEqual({ kind: 'keyword', keyword: 'STREAK' });
    expect(await lastReply(worker.id)).toBe('Tu racha: días seguidos: 1 (tu mejor marca: 1). Pausas disponibles: 1. Esta vez ya la mantuviste.');

    world().clock.advance(days(1));
    await world().tick();
    await world().say(worker.phoneNumber!, 'Fue un buen primer día');
    // The first activity of a new day keeps the streak: told once, recorded once.
    const told = (await world().log(worker.id)).filter((m) => m.body === '¡Mantuviste tu racha: días seguidos: 2! Envía RACHA para verla.');
    expect(told).toHaveLength(1);
    const kept = await world().sql<{ idempotency_key: string }>(
      "select idempotency_key from gamification_ledger where organization_id = :organization_id and worker_id = :worker and kind = 'streakKept'",
      { worker: worker.id },
    );
    expect(kept).toEqual([{ idempotency_key: `streak:${worker.id}:2026-01-06` }]);
    await world().say(worker.phoneNumber!, 'RACHA');
    expect(await lastReply(worker.id)).toContain('días seguidos: 2');

    const [balance] = await world().sql<{ points: number }>(
      'select sum(points)::int as points from gamification_ledger where organization_id = :organization_id and worker_id = :worker',
      { worker: worker.id },
    );
    await world().say(worker.phoneNumber!, 'progreso');
    // Badges are listed in the worker's language (the flow's names are kept in every language).
    expect(await lastReply(worker.id)).toMatch(new RegExp(`${balance.points} puntos en total; días seguidos: 2\\. Insignias: .*Aprendizaje rápido`));
  });
});

import { describe, expect, it } from 'vitest';
import { activateRuleVersion } from '../../src/gamification/activateRuleVersion';
import { defaultRules } from '../../src/gamification/rulesSchema';
import { storeRuleVersion } from '../../src/gamification/storeRuleVersion';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

describe("the rules file's badges", () => {
  it('are awarded in the step that earns them, each tier once (a replayed webhook too), and announced in the language of the worker', async () => {
    const w = world();
    const version = await storeRuleVersion(w.em(), {
      ...defaultRules,
      badges: [{ key: 'steady', name: { en: 'Steady', es: 'Constante' }, condition: { when: 'count', event: 'quizAnswered', tiers: { bronze: 1, silver: 100 } } }],
    });
    await activateRuleVersion(w.em(), version, w.clock.now());
    const worker = await w.addWorker();
    await w.sql("update workers set language = 'es' where organization_id = :organization_id and id = :worker", { worker: worker.id });
    await w.enroll(worker.id);
    await w.say(worker.phoneNumber!, 'Team app', { providerMessageId: 'replayed-1' });
    await w.say(worker.phoneNumber!, 'Team app', { providerMessageId: 'replayed-1' });
    await w.say(worker.phoneNumber!, '1');

    const awarded = await w.sql<{ idempotency_key: string }>(
      "select idempotency_key from gamification_ledger where organization_id = :organization_id and worker_id = :worker and kind = 'badgeAwarded' and detail ->> 'badge' = 'steady'",
      { worker: worker.id },
    );
    expect(awarded).toEqual([{ idempotency_key: `badge:${worker.id}:steady:bronze` }]);
    const told = (await w.log(worker.id)).filter((m) => m.body?.includes('Constante (bronce)'));
    expect(told).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { validateFlowFile } from '../../src/blueprints/validateFlow';
import { activateRuleVersion } from '../../src/gamification/activateRuleVersion';
import { backtestRules } from '../../src/gamification/backtestRules';
import { badgeRulesFromFlow } from '../../src/gamification/badgeRulesFromFlow';
import { loadActiveRules } from '../../src/gamification/loadActiveRules';
import { loadWorkerHistories } from '../../src/gamification/loadWorkerHistories';
import { parseRulesSource } from '../../src/gamification/parseRulesSource';
import { defaultRules, type GamificationRules } from '../../src/gamification/rulesSchema';
import { storeRuleVersion } from '../../src/gamification/storeRuleVersion';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

const activeSource = `
points:
  - { on: quizAnswered, points: 10, correctOnly: true }
  - { on: touchpointCompleted, points: 1 }
dailyCap: 100
badges:
  - key: busy
    name: { en: Busy bee }
    condition: { when: count, event: touchpointCompleted, tiers: { bronze: 2, silver: 4, gold: 50 } }
`;

describe('rules files', () => {
  it('name every problem with its line, column and path', () => {
    const parsed = parseRulesSource(`points:
  - { on: quizAnswered, points: -5 }
badges:
  - key: Busy
    name: { en: Busy }
    condition: { when: count, event: touchpointCompleted, tiers: { bronze: 5, silver: 3 } }
    colour: red
`);
    expect(parsed.rules).toBeNull();
    expect(parsed.issues.map((i) => [i.path, i.line])).toEqual(expect.arrayContaining([
      ['points[0].points', 2],
      ['badges[0].key', 4],
      ['badges[0]', 7],
      ['badges[0].condition.tiers', 6],
    ]));
    expect(parsed.issues.find((i) => i.path === 'badges[0]')?.message).toContain('`colour`');
  });

  it("read a flow file's awards as badge rules", () => {
    const flow = validateFlowFile('flows/onboarding.yaml').doc!;
    expect(badgeRulesFromFlow(flow)).toEqual([
      { key: 'quick-learner', name: { en: 'Quick learner', es: 'Aprendizaje rápido' }, condition: { when: 'phaseAllCorrectFirstTry', phase: 'basics' } },
      { key: 'first-steps', name: { en: 'First steps', es: 'Primeros pasos' }, condition: { when: 'journeyCompleted', journey: 'onboarding' } },
    ]);
  });
});

describe('versioned rules and their backtest', () => {
  it('reports who would gain or lose which badge and how many points move, before the switch', async () => {
    const active = parseRulesSource(activeSource).rules!;
    const version = await storeRuleVersion(world().em(), active);
    expect(await activateRuleVersion(world().em(), version, world().clock.now())).toBe(true);
    expect((await loadActiveRules(world().em())).version).toBe(version);

    const sharp = await world().addWorker();
    const slow = await world().addWorker();
    for (const worker of [sharp, slow]) await world().enroll(worker.id);
    await world().say(sharp.phoneNumber!, '1');
    await world().say(sharp.phoneNumber!, '1');
    await world().say(slow.phoneNumber!, '2');
    await world().say(slow.phoneNumber!, '1');

    const candidate: GamificationRules = {
      ...active,
      points: [{ on: 'quizAnswered', points: 20, correctOnly: true, firstTryOnly: true }, { on: 'touchpointCompleted', points: 1 }],
      badges: [
        { key: 'busy', name: { en: 'Busy bee' }, condition: { when: 'count', event: 'touchpointCompleted', tiers: { bronze: 2, silver: 10 } } },
        { key: 'sharp', name: { en: 'Sharp' }, condition: { when: 'phaseAllCorrectFirstTry', phase: 'basics' } },
      ],
    };
    const histories = await loadWorkerHistories(world().em());
    const report = backtestRules(active, candidate, histories, world().clock.now());
    const of = (id: string) => report.changed.find((c) => c.workerId === id);
    // sharp: both quizzes right at the first try (10 → 20 each); slow: the first wrong, the second right (10 → 20).
    expect(of(sharp.id)).toMatchObject({ gains: ['sharp'], losses: ['busy:silver'] });
    expect(of(sharp.id)!.pointsAfter - of(sharp.id)!.pointsBefore).toBe(20);
    expect(of(slow.id)).toMatchObject({ gains: [], losses: ['busy:silver'] });
    expect(of(slow.id)!.pointsAfter - of(slow.id)!.pointsBefore).toBe(10);
    expect(report.pointsMoved).toBe(30);

    // The active rules' points are what the ledger recorded.
    const [recorded] = await world().sql<{ points: number }>(
      'select sum(points)::int as points from gamification_ledger where organization_id = :organization_id and worker_id = :worker',
      { worker: sharp.id },
    );
    expect(of(sharp.id)!.pointsBefore).toBe(recorded.points);
    expect(backtestRules(defaultRules, defaultRules, histories, world().clock.now()).changed).toEqual([]);
  });
});

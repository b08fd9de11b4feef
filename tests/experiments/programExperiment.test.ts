import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publishFlows } from '../support/publishFlows';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();

describe('a program-level experiment', () => {
  it('chooses the blueprint at enrollment: each worker plays their variant\'s journey only, and is exposed by the conversation that plays it', async () => {
    await publishFlows(world().em(), ['onboarding', 'wellbeing-checkin']);
    const program = await world().admin('POST', '/v1/programs', { name: 'Welcome test', blueprints: ['onboarding', 'wellbeing-checkin'] });
    const programId = String(program.json.id);
    const experiment = await world().admin('POST', '/v1/experiments', {
      key: 'welcome-format',
      name: 'Welcome format',
      level: 'program',
      programId,
      primaryMetric: 'journey_completion',
      variants: [{ key: 'classic', control: true, blueprintKey: 'onboarding' }, { key: 'checkin', blueprintKey: 'wellbeing-checkin' }],
    });
    expect(experiment.status).toBe(201);
    const wrong = await world().admin('PATCH', `/v1/experiments/${String(experiment.json.id)}`, { variants: [{ key: 'classic', blueprintKey: 'safety-training' }, { key: 'checkin', blueprintKey: 'wellbeing-checkin' }] });
    expect(wrong.json.error).toMatchObject({ code: 'invalid_experiment', field: 'variants.0.blueprintKey' });
    expect((await world().admin('POST', `/v1/experiments/${String(experiment.json.id)}/start`)).json).toMatchObject({ status: 'running' });

    const workerIds: string[] = [];
    for (let i = 0; i < 30; i++) workerIds.push(String((await world().admin('POST', '/v1/workers', { fullName: `W ${i}`, phoneNumber: `+1555720${String(i).padStart(4, '0')}` })).json.id));
    expect((await world().admin('POST', `/v1/programs/${programId}/activate`)).status).toBe(200);
    expect((await world().admin('POST', `/v1/programs/${programId}/enroll`, { useProgramSegments: false, workerIds })).json).toMatchObject({ assigned: 30, started: 30 });

    const played = await world().sql<{ worker_id: string; variant: string; blueprint: string; exposed: boolean }>(
      `select c.worker_id, ev.key as variant, jb.key as blueprint,
              exists (select 1 from experiment_exposures ex where ex.experiment_id = ea.experiment_id and ex.worker_id = c.worker_id and ex.conversation_id = c.id) as exposed
         from conversations c join journey_blueprints jb on jb.id = c.journey_blueprint_id
         join experiment_assignments ea on ea.worker_id = c.worker_id join experiment_variants ev on ev.id = ea.experiment_variant_id
        where c.organization_id = :organization_id`,
    );
    expect(played).toHaveLength(30);
    expect(new Set(played.map((p) => p.variant))).toEqual(new Set(['classic', 'checkin']));
    for (const row of played) {
      expect(row.blueprint).toBe(row.variant === 'classic' ? 'onboarding' : 'wellbeing-checkin');
      expect(row.exposed).toBe(true);
    }
    const results = await world().admin('GET', `/v1/experiments/${String(experiment.json.id)}/results`);
    expect(results.status).toBe(200);
    expect((results.json.flow as { assigned: number }[]).reduce((n, f) => n + f.assigned, 0)).toBe(30);
    // Queued is not sent: no one counts as exposed before their variant's first message leaves.
    expect((results.json.flow as { exposed: number }[]).reduce((n, f) => n + f.exposed, 0)).toBe(0);
    const csv = await world().admin('GET', `/v1/experiments/${String(experiment.json.id)}/units.csv`);
    expect(csv.text.split('\n')[0]).toMatch(/^worker_id,variant,unit_id/);
    expect(csv.text.trim().split('\n')).toHaveLength(31);
  });

  it('warns at import, and refuses to start a program, when a flow branches on an experiment that is not running', async () => {
    const source = readFileSync('flows/lifting-quiz.yaml', 'utf8');
    const upload = await world().call(world().a.keys.content_specialist, 'POST', '/v1/blueprints?publish=true', source, { 'content-type': 'application/yaml' });
    expect(upload.status).toBe(201);
    expect(upload.json.warnings).toEqual([expect.objectContaining({ code: 'unknown-experiment', path: 'phases[0].touchpoints[0].rules[0].if.variant.experiment', line: 20 })]);
    const program = await world().admin('POST', '/v1/programs', { name: 'Quiz test', blueprints: ['lifting-quiz'] });
    const refused = await world().admin('POST', `/v1/programs/${String(program.json.id)}/activate`);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'experiment_not_running' });
    expect(String((refused.json.error as { message: string }).message)).toContain("'lifting-quiz' (flow 'lifting-quiz')");
  });

  it('takes delivery-policy variants at program level only, naming the field that is wrong', async () => {
    const program = await world().admin('POST', '/v1/programs', { name: 'Policy test', blueprints: ['onboarding'] });
    const design = (variants: unknown[], level = 'program') => world().admin('POST', '/v1/experiments', {
      key: `policy-${level}-${variants.length}-${Math.random().toString(36).slice(2, 8)}`, name: 'Policy', level, ...(level === 'program' ? { programId: program.json.id } : {}), variants,
    });
    expect((await design([{ key: 'a', control: true }, { key: 'b' }])).json.error).toMatchObject({ code: 'invalid_experiment', field: 'variants.0.blueprintKey' });
    expect((await design([{ key: 'a', control: true }, { key: 'b', deliveryPolicy: { sendAt: '25:00' } }])).json.error).toMatchObject({ field: 'variants.1.deliveryPolicy.sendAt' });
    expect((await design([{ key: 'a' }, { key: 'b', deliveryPolicy: { gamification: false } }], 'journey')).json.error).toMatchObject({ field: 'variants.1.deliveryPolicy' });
    const created = await design([{ key: 'a', control: true }, { key: 'b', deliveryPolicy: { sendAt: '18:00', reminders: { count: 2, after: '3h' }, gamification: false } }]);
    expect(created.status).toBe(201);
    expect((created.json.variants as { deliveryPolicy: unknown }[]).map((v) => v.deliveryPolicy)).toEqual([null, { sendAt: '18:00', reminders: { count: 2, after: '3h' }, gamification: false }]);
  });

  it('answers the power calculator, naming a missing field', async () => {
    const plan = await world().admin('POST', '/v1/experiments/power', { kind: 'proportion', baselineRate: 0.6, minimumDetectableEffect: 0.1 });
    expect(plan.status).toBe(200);
    expect(plan.json.controlUnits).toBeGreaterThan(300);
    const clustered = await world().admin('POST', '/v1/experiments/power', { kind: 'proportion', baselineRate: 0.6, minimumDetectableEffect: 0.1, icc: 0.05, meanClusterSize: 20 });
    expect(clustered.json.clusters).toBeDefined();
    expect((await world().admin('POST', '/v1/experiments/power', { kind: 'mean', minimumDetectableEffect: 0.5 })).json.error).toMatchObject({ field: 'standardDeviation' });
    const tiny = await world().admin('POST', '/v1/experiments/power', { kind: 'proportion', baselineRate: 0.6, minimumDetectableEffect: 1e-300 });
    expect(tiny.status).toBe(400);
    expect(tiny.json.error).toMatchObject({ code: 'invalid_power', field: 'minimumDetectableEffect' });
  });
});

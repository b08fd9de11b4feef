import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { storeBlueprintVersion } from '../blueprintStore/storeBlueprintVersion';
import { validateFlowFile } from '../blueprints/validateFlow';
import { Channel } from '../db/entities/Channel';
import { Program } from '../db/entities/Program';
import { ProgramBlueprint } from '../db/entities/ProgramBlueprint';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { enrollWorker } from '../engine/enrollWorker';
import { demoIds } from './seedDemo';

const { consoleChannel, onboardingProgram } = demoIds;

export const demoFlows = ['onboarding', 'wellbeing-checkin', 'safety-training', 'lifting-quiz'];


/**
 * The demo's runnable part: the example flows published, a console channel, an onboarding
 * program (onboarding, then safety training) with every demo worker enrolled.
 */
export async function seedDemoJourneys(rootEm: EntityManager, flowsDir: string, at: number): Promise<void> {
  const em = forOrganization(rootEm, demoIds.clientOrganization);
  if (await em.findOne(Program, { id: onboardingProgram })) return;
  const stored = new Map<string, string>();
  for (const flow of demoFlows) {
    const validation = validateFlowFile(join(flowsDir, `${flow}.yaml`));
    if (!validation.doc) throw new Error(`The demo flow ${flow}.yaml does not validate`);
    stored.set(flow, (await storeBlueprintVersion(em, validation.doc, { publish: true })).id);
  }
  await em.transactional(async (tx) => {
    tx.create(Channel, { id: consoleChannel, organization: demoIds.clientOrganization, kind: 'console', name: 'Simulator', address: `console:${demoIds.clientOrganization}`, settings: {} });
    tx.create(Program, { id: onboardingProgram, organization: demoIds.clientOrganization, name: 'New starters', status: 'active' });
    ['onboarding', 'safety-training'].forEach((flow, index) => {
      tx.create(ProgramBlueprint, { organization: demoIds.clientOrganization, program: onboardingProgram, journeyBlueprint: stored.get(flow) ?? '', orderInProgram: index + 1 });
    });
    await tx.flush();
    const workers = await scopedSql<{ id: string }>(tx, 'select id from workers where organization_id = :organization_id order by phone_number');
    for (const worker of workers) await enrollWorker(tx, worker.id, onboardingProgram, consoleChannel, at);
  });
}

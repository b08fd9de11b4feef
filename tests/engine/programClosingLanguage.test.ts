import { describe, expect, it } from 'vitest';
import { forgetSystemTextOverrides } from '../../src/engine/loadSystemTextOverrides';
import { systemTextCatalog } from '../../src/engine/systemTexts';
import { changeProgramStatus } from '../../src/programs/changeProgramStatus';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

describe('the closing message of a completed program', () => {
  it("is in each worker's language, with the organization's own wording where it has one", async () => {
    const languages = ['pt-BR', 'es', 'sw', null];
    const workers = [];
    for (const language of languages) {
      const worker = await world().addWorker();
      await world().sql('update workers set language = :language where organization_id = :organization_id and id = :id', { language, id: worker.id });
      await world().enroll(worker.id);
      workers.push(worker);
    }
    await world().sql(`insert into system_text_overrides (organization_id, key, language, text) values (:organization_id, 'programEnded', 'es', 'Fin del programa de Acme.')`);
    forgetSystemTextOverrides(world().organization.id);
    expect(await changeProgramStatus(world().em(), world().program.id, 'complete', world().clock.now())).toEqual({ status: 'completed' });
    const closings = [];
    for (const worker of workers) closings.push((await world().log(worker.id)).at(-1)?.body);
    expect(closings).toEqual([systemTextCatalog.pt.programEnded, 'Fin del programa de Acme.', systemTextCatalog.en.programEnded, systemTextCatalog.en.programEnded]);
  });
});

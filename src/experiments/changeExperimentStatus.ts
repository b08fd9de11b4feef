import type { EntityManager } from '@mikro-orm/postgresql';
import { isUniqueViolation } from '../db/isUniqueViolation';
import { scopedSql } from '../db/tenancy/scopedSql';
import { checkExperimentDesign } from './checkExperimentDesign';
import type { ExperimentStatus } from './experimentDesign';
import { problem, type ExperimentProblem } from './experimentProblem';
import { readExperiment, type ExperimentView } from './readExperiment';

export type ExperimentTransition = 'start' | 'stop' | 'analyse';

const moves: Record<ExperimentTransition, { from: ExperimentStatus; to: ExperimentStatus; column: string }> = {
  start: { from: 'draft', to: 'running', column: 'start_date' },
  stop: { from: 'running', to: 'stopped', column: 'end_date' },
  analyse: { from: 'stopped', to: 'analysed', column: 'analysed_at' },
};

/**
 * draft → running (the design is checked again and locked: its pre-registration) → stopped (no
 * one new is assigned; assigned workers keep their variant's path) → analysed.
 */
export async function changeExperimentStatus(em: EntityManager, id: string, transition: ExperimentTransition, at: number): Promise<ExperimentView | { problem: ExperimentProblem }> {
  const move = moves[transition];
  try {
    return await em.transactional(async (tx) => {
      const current = (await readExperiment(tx, id)) as ExperimentView;
      if (current.status !== move.from) {
        return problem(409, 'invalid_transition', `status: a ${current.status} experiment cannot ${transition}; only a ${move.from} one can`, 'status');
      }
      if (transition === 'start') {
        const wrong = await checkExperimentDesign(tx, current);
        if (wrong) return wrong;
      }
      await scopedSql(
        tx,
        `update experiments set status = :to, ${move.column} = :at::timestamptz, updated_at = :at::timestamptz
          where organization_id = :organization_id and id = :id and status = :from`,
        { id, to: move.to, from: move.from, at: new Date(at).toISOString() },
      );
      return (await readExperiment(tx, id)) as ExperimentView;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return problem(409, 'experiment_running', 'programId: this program already runs a program-level experiment; stop it first (a program names at most one)', 'programId');
    throw error;
  }
}

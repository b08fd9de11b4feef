/** One CSV export: its columns and the keyset-paged query over one base table (alias `x`, key `x.id`). */
export interface ExportQuery {
  columns: string[];
  /** SQL returning the columns (same names) for rows with `x.id > :after`, ordered by x.id, `limit :limit`; may use `:program`. */
  sql: string;
}

// Simulator test runs are not data: left out of every export.
const exportedRows = `not w.simulated and (:program::uuid is null or wa.program_id = :program::uuid)`;

/** The exports: progress, quiz scores, reflections, well-being answers. */
export const exportQueries = {
  progress: {
    columns: ['id', 'worker_id', 'worker_name', 'program', 'blueprint', 'touchpoint', 'attempt', 'started_at', 'completed_at', 'score', 'correct'],
    sql: `select x.id, w.id as worker_id, w.full_name as worker_name, p.name as program, jb.key as blueprint, t.key as touchpoint, x.attempt, x.started_at, x.completed_at, x.score, x.correct
            from worker_progress x join worker_assignments wa on wa.id = x.worker_assignment_id join workers w on w.id = wa.worker_id
            join programs p on p.id = wa.program_id join touchpoints t on t.id = x.touchpoint_id join phases ph on ph.id = t.phase_id join journey_blueprints jb on jb.id = ph.journey_blueprint_id
           where x.organization_id = :organization_id and x.id > :after::uuid and ${exportedRows} order by x.id limit :limit`,
  },
  'quiz-scores': {
    columns: ['id', 'worker_id', 'worker_name', 'program', 'touchpoint', 'attempt', 'answer', 'correct', 'score', 'completed_at'],
    sql: `select x.id, w.id as worker_id, w.full_name as worker_name, p.name as program, t.key as touchpoint, x.attempt, x.answer, x.correct, x.score, x.completed_at
            from worker_progress x join worker_assignments wa on wa.id = x.worker_assignment_id join workers w on w.id = wa.worker_id
            join programs p on p.id = wa.program_id join touchpoints t on t.id = x.touchpoint_id
           where x.organization_id = :organization_id and x.correct is not null and x.id > :after::uuid and ${exportedRows} order by x.id limit :limit`,
  },
  reflections: {
    columns: ['id', 'worker_id', 'worker_name', 'program', 'touchpoint', 'reflection', 'completed_at'],
    sql: `select x.id, w.id as worker_id, w.full_name as worker_name, p.name as program, t.key as touchpoint, x.answer as reflection, x.completed_at
            from worker_progress x join worker_assignments wa on wa.id = x.worker_assignment_id join workers w on w.id = wa.worker_id
            join programs p on p.id = wa.program_id join touchpoints t on t.id = x.touchpoint_id join content c on c.id = t.content_id
           where x.organization_id = :organization_id and c.type = 'reflection' and x.answer is not null and x.id > :after::uuid and ${exportedRows} order by x.id limit :limit`,
  },
  'well-being': {
    columns: ['id', 'worker_id', 'worker_name', 'program', 'value', 'answered_at'],
    sql: `select x.id, w.id as worker_id, w.full_name as worker_name, p.name as program, x.value, x.answered_at
            from well_being_answers x join workers w on w.id = x.worker_id
            left join worker_assignments wa on wa.id = x.worker_assignment_id left join programs p on p.id = wa.program_id
           where x.organization_id = :organization_id and x.id > :after::uuid and ${exportedRows} order by x.id limit :limit`,
  },
} as const satisfies Record<string, ExportQuery>;

export type ExportKind = keyof typeof exportQueries;

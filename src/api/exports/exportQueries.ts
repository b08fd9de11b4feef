/** One CSV export: its columns and the keyset-paged query over one base table (alias `x`, key `x.id`). */
export interface ExportQuery {
  columns: string[];
  /** SQL returning the columns (same names) for rows with `x.id > :after`, ordered by x.id, `limit :limit`; may use `:program`. */
  sql: string;
}

// Simulator test runs are not data: left out of every export.
// A text of content c in the organization's language (else the journey jb's default language).
const language = `coalesce((select o.settings ->> 'defaultLanguage' from organizations o where o.id = :organization_id), jb.definition -> 'blueprint' ->> 'defaultLanguage')`;
const localized = (texts: string) =>
  `coalesce(${texts} ->> ${language}, ${texts} ->> split_part(${language}, '-', 1), ${texts} ->> (jb.definition -> 'blueprint' ->> 'defaultLanguage'))`;
const exportedRows = `not w.simulated and (:program::uuid is null or wa.program_id = :program::uuid)`;

/** The exports: progress, quiz scores, reflections, well-being answers, per-question results (texts in the organization's language), message delivery. */
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
  'question-results': {
    columns: ['id', 'worker_id', 'worker_name', 'program', 'journey', 'question_key', 'question', 'attempt', 'outcome', 'answer', 'option_id', 'correct', 'score', 'started_at', 'completed_at'],
    sql: `select x.id, w.id as worker_id, w.full_name as worker_name, p.name as program, jb.title as journey, t.key as question_key, ${localized("c.body -> 'text'")} as question,
                 x.attempt, case when x.correct then 'right' when x.correct = false then 'wrong' when x.answer is not null then 'answered' when x.completed_at is not null then 'missed' else 'open' end as outcome,
                 coalesce((select ${localized("o -> 'text'")} from jsonb_array_elements(c.body -> 'options') o where o ->> 'id' = x.answer limit 1), x.answer) as answer,
                 case when c.body -> 'options' @> jsonb_build_array(jsonb_build_object('id', x.answer)) then x.answer end as option_id, x.correct, x.score, x.started_at, x.completed_at
            from worker_progress x join worker_assignments wa on wa.id = x.worker_assignment_id join workers w on w.id = wa.worker_id
            join programs p on p.id = wa.program_id join touchpoints t on t.id = x.touchpoint_id join content c on c.id = t.content_id
            join phases ph on ph.id = t.phase_id join journey_blueprints jb on jb.id = ph.journey_blueprint_id
           where x.organization_id = :organization_id and c.type in ('quiz', 'question') and x.id > :after::uuid and ${exportedRows} order by x.id limit :limit`,
  },
  'message-delivery': {
    columns: ['id', 'worker_id', 'worker_name', 'program', 'journey', 'touchpoint', 'channel_kind', 'status', 'error_code', 'error_reason', 'created_at', 'sent_at', 'delivered_at', 'read_at', 'failed_at'],
    sql: `select x.id, w.id as worker_id, w.full_name as worker_name, p.name as program, jb.title as journey, x.touchpoint_key as touchpoint, ch.kind as channel_kind,
                 x.status, x.error_code, x.error_reason, x.created_at, x.sent_at, x.delivered_at, x.read_at, x.failed_at
            from messages x join conversations cv on cv.id = x.conversation_id join worker_assignments wa on wa.id = cv.worker_assignment_id
            join workers w on w.id = wa.worker_id join programs p on p.id = wa.program_id join journey_blueprints jb on jb.id = cv.journey_blueprint_id
            join channels ch on ch.id = x.channel_id
           where x.organization_id = :organization_id and x.direction = 'outbound' and x.touchpoint_key is not null and x.id > :after::uuid and ${exportedRows} order by x.id limit :limit`,
  },
} as const satisfies Record<string, ExportQuery>;

export type ExportKind = keyof typeof exportQueries;

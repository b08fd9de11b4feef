import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { unindexedOrganizationId } from './organizationColumn';

export const workerStatuses = ['active', 'opted_out', 'left'] as const;
export type WorkerStatus = (typeof workerStatuses)[number];
/** Custom fields used by segments, e.g. { site: "Nairobi", shift: "night" }. */
export type WorkerAttributes = Record<string, string | number | boolean | null>;

export const Worker = defineEntity({
  name: 'Worker',
  tableName: 'workers',
  properties: {
    id: uuidPrimaryKey(),
    organization: unindexedOrganizationId(),
    fullName: p.string().length(255),
    /** E.164, e.g. +254700000001; unique per organization. */
    phoneNumber: p.string().length(50).nullable(),
    /** BCP 47 language code; null means the organization's default. */
    language: p.string().length(20).nullable(),
    /** IANA timezone; null means the organization's default. */
    timezone: p.string().length(64).nullable(),
    attributes: p.json<WorkerAttributes>().default('{}'),
    status: p.string().length(20).$type<WorkerStatus>().default('active'),
    optedOutAt: p.datetime().nullable(),
    /** When the worker asked for a person (handoff keyword); cleared when a coach answers. */
    handoffRequestedAt: p.datetime().nullable(),
    /** A coach paused the bot: messages are logged for the coach, the machine does not move. */
    botPaused: p.boolean().default(false),
    /** The latest well-being answer (1–5); history lives in well_being_answers. */
    wellBeingScore: p.integer().nullable(),
    /** The worker's average quiz percentage (0–100), kept current by the engine. */
    performanceMetric: p.integer().nullable(),
    /** Quiz answers given (worker_progress rows with `correct` set), so performanceMetric is kept without re-reading them. */
    quizAnswers: p.integer().default(0),
    /** Of those, the correct ones. */
    quizAnswersCorrect: p.integer().default(0),
    /** A simulator's test worker: left out of lists, counts, exports, segments and broadcasts. */
    simulated: p.boolean().default(false),
    ...timestamps(),
  },
  uniques: [{ name: 'workers_phone_organization_unique', properties: ['phoneNumber', 'organization'] }],
  checks: [
    { name: 'workers_status_check', expression: `status in ('active', 'opted_out', 'left')` },
    { name: 'workers_phone_e164_check', expression: `phone_number ~ '^\\+[1-9][0-9]{6,14}$'` },
    { name: 'workers_well_being_score_check', expression: 'well_being_score between 1 and 5' },
  ],
});
export type IWorker = InferEntity<typeof Worker>;

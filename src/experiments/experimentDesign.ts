import { z } from 'zod';
import { deliveryPolicySchema } from '../blueprints/machineContract';

/** What an experiment can measure, from what the engine records (see README "Running an experiment"). */
export const experimentMetrics = [
  'journey_completion',
  'touchpoint_completion',
  'first_try_correct',
  'quiz_score',
  'reflection_submitted',
  'well_being_change',
  'time_to_complete',
  'opt_out',
] as const;
export type ExperimentMetric = (typeof experimentMetrics)[number];

/** Yes/no per worker (proportions). */
export const binaryMetrics: ReadonlySet<ExperimentMetric> = new Set(['journey_completion', 'reflection_submitted', 'opt_out']);

/** Rates (0..1, read in percentage points): the yes/no metrics and per-worker shares; the others are means. */
export const rateMetrics: ReadonlySet<ExperimentMetric> = new Set([...binaryMetrics, 'touchpoint_completion', 'first_try_correct']);

export const experimentStatuses = ['draft', 'running', 'stopped', 'analysed'] as const;
export type ExperimentStatus = (typeof experimentStatuses)[number];

const key = z.string().trim().min(1).max(100).regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _');
const attribute = z.string().trim().min(1).max(100);

export const variantInputSchema = z.strictObject({
  key,
  name: z.string().trim().min(1).max(255).optional(),
  weight: z.number().positive().max(1000).default(1),
  control: z.boolean().default(false),
  /** Program level: the blueprint key this variant's workers get (one of the program's blueprints). */
  blueprintKey: z.string().trim().min(1).max(100).nullable().optional(),
  /** Program level: how this variant's messages are delivered (send time, reminders, gamification). */
  deliveryPolicy: deliveryPolicySchema.nullable().optional(),
});
export type VariantInput = z.infer<typeof variantInputSchema>;

const designFields = {
  name: z.string().trim().min(1).max(255),
  programId: z.uuid().nullable().optional(),
  unitAttribute: attribute.nullable().optional(),
  stratifyAttribute: attribute.nullable().optional(),
  segmentId: z.uuid().nullable().optional(),
  hypothesis: z.string().trim().max(2000).nullable().optional(),
  primaryMetric: z.enum(experimentMetrics).default('journey_completion'),
  secondaryMetrics: z.array(z.enum(experimentMetrics)).max(7).default([]),
  minimumDetectableEffect: z.number().positive().max(1000).nullable().optional(),
  plannedSample: z.number().int().positive().max(10_000_000).nullable().optional(),
};

const variantsField = z
  .array(variantInputSchema)
  .min(2)
  .max(10)
  .refine((variants) => new Set(variants.map((v) => v.key)).size === variants.length, 'variant keys must differ')
  .refine((variants) => variants.filter((v) => v.control).length <= 1, 'at most one variant is the control');

export const createExperimentSchema = z.strictObject({
  key,
  level: z.enum(['journey', 'program']),
  seed: z.string().trim().min(1).max(100).optional(),
  ...designFields,
  variants: variantsField,
});
export type CreateExperimentInput = z.infer<typeof createExperimentSchema>;

export const updateExperimentSchema = z.strictObject({
  name: designFields.name.optional(),
  programId: designFields.programId,
  unitAttribute: designFields.unitAttribute,
  stratifyAttribute: designFields.stratifyAttribute,
  segmentId: designFields.segmentId,
  hypothesis: designFields.hypothesis,
  primaryMetric: z.enum(experimentMetrics).optional(),
  secondaryMetrics: z.array(z.enum(experimentMetrics)).max(7).optional(),
  minimumDetectableEffect: designFields.minimumDetectableEffect,
  plannedSample: designFields.plannedSample,
  variants: variantsField.optional(),
});
export type UpdateExperimentInput = z.infer<typeof updateExperimentSchema>;

/** Fields of the design that may change while the experiment runs: logged, and nobody assigned moves. */
export const changeableWhileRunning = new Set(['name', 'segmentId', 'weights']);

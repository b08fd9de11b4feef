import { z } from 'zod';
import { deliveryPolicySchema } from '../blueprints/machineContract';
import { hashBuckets } from './hashUnit';

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

/**
 * The smallest variant weight: a thousandth of the default 1. Weights are relative, so a smaller
 * one is a slip or an attempt at zero, and numbers near zero (the denormal 1e-320) have too few
 * bits to divide into shares reliably.
 */
const smallestWeight = 0.001;

export const variantInputSchema = z.strictObject({
  key,
  name: z.string().trim().min(1).max(255).optional(),
  weight: z.number().min(smallestWeight, `must be at least ${smallestWeight} (weights are relative: 1 is the default)`).max(1000).default(1),
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

/** A variant whose share of the weights is under the assignment hash's finest step would receive nobody. */
function refuseUnreachableShares(variants: VariantInput[], context: z.RefinementCtx) {
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  variants.forEach((variant, index) => {
    if (variant.weight / total >= 1 / hashBuckets) return;
    context.addIssue({
      code: 'custom',
      path: [index, 'weight'],
      message: `its share (${variant.weight} of ${total}) is under 1 in ${hashBuckets}, the assignment's finest step: this variant would receive nobody`,
    });
  });
}

const variantsField = z
  .array(variantInputSchema)
  .min(2)
  .max(10)
  .refine((variants) => new Set(variants.map((v) => v.key)).size === variants.length, 'variant keys must differ')
  .refine((variants) => variants.filter((v) => v.control).length <= 1, 'at most one variant is the control')
  .superRefine(refuseUnreachableShares);

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

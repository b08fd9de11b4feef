import { awardSchema, badgeSchema, keySchema, touchpointSchema } from './flowSchema';
import type { FlowDocument, Touchpoint } from './flowSchema';

/** The parts of a flow document that its references (rule targets, awards, badges) need. */
export type FlowReferences = Pick<FlowDocument, 'phases' | 'badges' | 'awards'>;

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/** A touchpoint that failed the schema, kept by its key (as a plain text) so that references to it still resolve. */
function salvageTouchpoint(raw: unknown): Touchpoint {
  const parsed = touchpointSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const key = keySchema.safeParse(record(raw).key);
  return { key: key.success ? key.data : '', type: 'text', text: {} };
}

/** Every element parsed, or an empty list when one fails (indexes must stay those of the file). */
function allOrNone<T>(items: unknown[], parse: (item: unknown) => T | undefined): T[] {
  const parsed = items.map(parse);
  return parsed.every((item) => item !== undefined) ? (parsed as T[]) : [];
}

/**
 * The references of a document that failed the schema: phases and touchpoints by position (a
 * touchpoint that fails kept by its key, without rules), badges and awards when they all parse.
 * Checked with checkStructure, it reports reference errors in the same run as schema errors.
 * Null when the document has no list of phases.
 */
export function salvageFlowDocument(data: unknown): FlowReferences | null {
  const phases = record(data).phases;
  if (!Array.isArray(phases)) return null;
  return {
    phases: phases.map((raw) => {
      const key = keySchema.safeParse(record(raw).key);
      return { key: key.success ? key.data : '', title: {}, touchpoints: list(record(raw).touchpoints).map(salvageTouchpoint) };
    }),
    badges: allOrNone(list(record(data).badges), (raw) => badgeSchema.safeParse(raw).data),
    awards: allOrNone(list(record(data).awards), (raw) => awardSchema.safeParse(raw).data),
  };
}

import { segmentRuleSchema, type SegmentRule } from './segmentRuleSchema';

/** The rule stored in segments.rule_definition (JSON text), or null for a static segment or one that no longer parses. */
export function readSegmentRule(stored: string | null): SegmentRule | null {
  if (stored === null) return null;
  try {
    const parsed = segmentRuleSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

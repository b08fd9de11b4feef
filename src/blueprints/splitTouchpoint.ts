import type { Touchpoint } from './flowSchema';

/** The fields of a touchpoint that decide what happens around its content (the seed's rule_logic). */
const LOGIC_FIELDS = ['rules', 'wait', 'answers', 'reminders', 'timeout'] as const;

/** A touchpoint split into what it shows (a library content item) and what it decides. */
export type SplitTouchpoint = {
  /** The library key of its content: `content` when given, else `<blueprint>/<touchpoint>`. */
  contentKey: string;
  /** What it shows: type, texts, media, options, points, feedback, labels, template. */
  body: Record<string, unknown>;
  /** Pacing, rules, answers, reminders and timeout. */
  logic: Record<string, unknown>;
};

/** Splits a touchpoint of blueprint `blueprintKey` into its content and its logic. */
export function splitTouchpoint(blueprintKey: string, touchpoint: Touchpoint): SplitTouchpoint {
  const { key, content, ...fields } = touchpoint;
  const logic: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if ((LOGIC_FIELDS as readonly string[]).includes(name)) logic[name] = value;
    else body[name] = value;
  }
  return { contentKey: content ?? `${blueprintKey}/${key}`, body, logic };
}

import { z } from 'zod';

const reminderEventSchema = z.object({ type: z.literal('REMINDER'), touchpoint: z.string().min(1) });
const afterEventSchema = z.object({
  type: z.templateLiteral(['xstate.after.', z.string()], { error: 'must be REMINDER or xstate.after.<delay>.<machine>.<state>' }),
});

/**
 * Parses a stored timer's event (`timers.event`), as the machine raised it: a reminder of a
 * touchpoint, or a delayed transition (pacing, timeout). The tick adds its own `at`.
 */
export function parseTimerEvent(event: unknown) {
  const typed = z.object({ type: z.string() }).safeParse(event);
  return typed.success && typed.data.type === 'REMINDER' ? reminderEventSchema.safeParse(event) : afterEventSchema.safeParse(event);
}

import { z } from '@hono/zod-openapi';
import type { ChallengeInput } from '../../gamification/challenges';
import { ledgerEventKinds } from '../../gamification/rulesSchema';
import { storableInstant } from '../../time/storableDates';

const countedKinds = ledgerEventKinds.filter((kind) => kind !== 'challengeWon');

/** A challenge as the API and the console's form take it (create and edit). */
export const ChallengeBody = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ description: 'Shown to workers, e.g. "Store week"' }),
    programId: z.uuid().optional().openapi({ description: "Only this program's enrolled workers and points" }),
    segmentId: z.uuid().optional(),
    attribute: z.string().regex(/^[\w-]{1,50}:.{1,100}$/).optional().openapi({ description: 'Only workers with this attribute value, e.g. `region:North`' }),
    teamAttribute: z.string().regex(/^[\w-]{1,50}$/).optional().openapi({ description: 'Teams are workers sharing this attribute (e.g. `site`); absent: one team' }),
    event: z.enum(countedKinds).optional().openapi({ description: 'The event counted; points when absent' }),
    goal: z.number().int().min(1).max(10_000_000),
    startsAt: storableInstant,
    endsAt: storableInstant,
    progressAt: z.array(storableInstant).max(20).default([]).openapi({ description: 'When progress messages go out, inside the window' }),
  })
  .superRefine((body, ctx) => {
    if (Date.parse(body.endsAt) <= Date.parse(body.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    body.progressAt.forEach((at, i) => {
      if (Date.parse(at) <= Date.parse(body.startsAt) || Date.parse(at) >= Date.parse(body.endsAt)) ctx.addIssue({ code: 'custom', path: ['progressAt', i], message: 'must be between startsAt and endsAt' });
    });
  });

export type ChallengeBodyData = z.infer<typeof ChallengeBody>;

/** The challenge a valid body describes: `region:North` → the attribute `region` with the value `North`. */
export function challengeInputOf(body: ChallengeBodyData): ChallengeInput {
  const [name, ...value] = body.attribute?.split(':') ?? [];
  return {
    ...body,
    attribute: body.attribute ? { name, value: value.join(':') } : undefined,
    startsAt: new Date(body.startsAt),
    endsAt: new Date(body.endsAt),
    progressAt: body.progressAt.map((at) => new Date(at)),
  };
}

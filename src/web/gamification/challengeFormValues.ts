import type { Challenge } from '../../gamification/challenges';

/** The challenge form's fields as typed (all text), shown again when refused. */
export interface ChallengeFormValues {
  name: string;
  programId: string;
  segmentId: string;
  attribute: string;
  teamAttribute: string;
  event: string;
  goal: string;
  startsAt: string;
  endsAt: string;
  /** Instants separated by spaces, commas or lines. */
  progressAt: string;
}

/** The posted form's values (a missing field is empty). */
export function challengeFormValuesOf(posted: Record<string, unknown>): ChallengeFormValues {
  const read = (field: keyof ChallengeFormValues) => {
    const value = posted[field];
    return typeof value === 'string' ? value.trim() : '';
  };
  return {
    name: read('name'), programId: read('programId'), segmentId: read('segmentId'), attribute: read('attribute'), teamAttribute: read('teamAttribute'),
    event: read('event'), goal: read('goal'), startsAt: read('startsAt'), endsAt: read('endsAt'), progressAt: read('progressAt'),
  };
}

/**
 * The API body the form's values stand for: empty choices left out, the goal as a number (text
 * that is not one is refused by the body's schema, naming `goal`), the progress moments as a list.
 */
export function challengeBodyOf(values: ChallengeFormValues): Record<string, unknown> {
  const optional = (value: string) => (value === '' ? undefined : value);
  return {
    name: values.name,
    programId: optional(values.programId),
    segmentId: optional(values.segmentId),
    attribute: optional(values.attribute),
    teamAttribute: optional(values.teamAttribute),
    event: optional(values.event),
    goal: values.goal === '' ? undefined : Number(values.goal),
    startsAt: values.startsAt,
    endsAt: values.endsAt,
    progressAt: values.progressAt.split(/[\s,]+/).filter((at) => at !== ''),
  };
}

/** A stored challenge as the edit form shows it. */
export function challengeFormValuesFor(challenge: Challenge): ChallengeFormValues {
  const [attribute] = Object.entries(challenge.attribute ?? {});
  return {
    name: challenge.name,
    programId: challenge.programId ?? '',
    segmentId: challenge.segmentId ?? '',
    attribute: attribute ? `${attribute[0]}:${attribute[1]}` : '',
    teamAttribute: challenge.teamAttribute ?? '',
    event: challenge.event ?? '',
    goal: String(challenge.goal),
    startsAt: new Date(challenge.startsAt).toISOString(),
    endsAt: new Date(challenge.endsAt).toISOString(),
    progressAt: challenge.progressAt.map((at) => new Date(at).toISOString()).join('\n'),
  };
}

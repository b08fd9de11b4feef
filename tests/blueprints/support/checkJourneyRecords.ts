import type { FlowDocument } from '../../../src/blueprints/flowSchema';
import type { PlainAction, ReplayStep } from './replayJourney';

/**
 * What a finished journey must have recorded, checked on the actions of all
 * its steps. Returns a list of problems (empty when all is well).
 */
export function checkJourneyRecords(doc: FlowDocument, steps: ReplayStep[], heldBadges: string[]): string[] {
  const problems: string[] = [];
  const actions: PlainAction[] = steps.flatMap((s) => s.actions);
  const engine = actions.filter((a) => !a.type.startsWith('xstate.'));
  const completed = engine.filter((a) => a.type === 'journeyCompleted');
  if (completed.length !== 1) problems.push(`journeyCompleted ${completed.length} times`);
  if (engine[engine.length - 1]?.type !== 'journeyCompleted') problems.push('journeyCompleted is not the last action');
  if (steps[steps.length - 1].snapshot.status !== 'done') problems.push('the machine is not done');

  // Timers: every raise is fired or cancelled by the end.
  const pending = new Set<string>();
  for (const s of steps) {
    if (s.event) pending.delete(s.event.type === 'REMINDER' ? 'reminder' : s.event.type);
    for (const a of s.actions) {
      if (a.type === 'xstate.raise') pending.add(String(a.params.id));
      if (a.type === 'xstate.cancel') pending.delete(String(a.params.sendId));
    }
  }
  if (pending.size > 0) problems.push(`timers left pending: ${[...pending].join(', ')}`);

  // Scores: attempts count up per quiz, total = best points per quiz.
  const best = new Map<string, number>();
  const attempts = new Map<string, number>();
  const quizzes = new Map(doc.phases.flatMap((p) => p.touchpoints).filter((t) => t.type === 'quiz').map((t) => [t.key, t]));
  for (const a of engine.filter((x) => x.type === 'recordScore')) {
    const key = String(a.params.touchpointKey);
    const attempt = Number(a.params.attempt);
    if (attempt <= (attempts.get(key) ?? 0)) problems.push(`attempt ${attempt} of ${key} repeats`);
    attempts.set(key, attempt);
    const quiz = quizzes.get(key);
    const correct = quiz?.type === 'quiz' && quiz.options.some((o) => o.id === a.params.optionId && o.correct === true);
    if (a.params.correct !== correct) problems.push(`score of ${key} says correct=${String(a.params.correct)}`);
    best.set(key, Math.max(best.get(key) ?? 0, Number(a.params.points)));
  }
  const total = [...best.values()].reduce((x, y) => x + y, 0);
  const end = completed[0]?.params;
  if (end && end.totalScore !== total) problems.push(`totalScore ${String(end.totalScore)} but scores add up to ${total}`);

  for (const a of engine.filter((x) => x.type === 'recordReflection')) {
    if (String(a.params.feedbackText).trim() === '') problems.push('empty reflection recorded');
  }
  for (const a of engine.filter((x) => x.type === 'recordWellBeing')) {
    const score = Number(a.params.score);
    if (!(score >= 1 && score <= 5)) problems.push(`well-being ${score}`);
  }
  const started = engine.filter((a) => a.type === 'recordProgress' && a.params.status === 'started').length;
  const bodies = engine.filter((a) => a.type === 'sendContent' && a.params.contentKey === a.params.touchpointKey).length;
  if (started !== bodies) problems.push(`${started} touchpoints started but ${bodies} sent`);

  // Badges: once each; journey badges unless the journey timed out; quiz badges iff all right first time.
  const awarded = engine.filter((a) => a.type === 'awardBadge').map((a) => String(a.params.key));
  if (new Set(awarded).size !== awarded.length) problems.push(`badge awarded twice: ${awarded.join(', ')}`);
  for (const award of doc.awards) {
    if (heldBadges.includes(award.badge)) {
      if (awarded.includes(award.badge)) problems.push(`held badge ${award.badge} awarded again`);
      continue;
    }
    let due: boolean;
    if (award.on === 'journeyCompleted') due = end !== undefined && end.endedBy !== 'timeout';
    else if (award.on === 'phaseCompleted') due = engine.some((a) => a.type === 'recordProgress' && a.params.scope === 'phase' && a.params.key === award.phase);
    else {
      const scope = doc.phases.filter((p) => award.phase === undefined || p.key === award.phase).flatMap((p) => p.touchpoints.filter((t) => t.type === 'quiz').map((t) => t.key));
      const reachedPoint = award.phase === undefined
        ? end !== undefined && end.endedBy !== 'timeout'
        : engine.some((a) => a.type === 'recordProgress' && a.params.scope === 'phase' && a.params.key === award.phase);
      const firsts = engine.filter((a) => a.type === 'recordScore' && a.params.attempt === 1 && scope.includes(String(a.params.touchpointKey)));
      const skipped = engine.some((a) => a.type === 'recordProgress' && a.params.status === 'skipped' && scope.includes(String(a.params.key)));
      due = reachedPoint && firsts.length > 0 && firsts.every((a) => a.params.correct === true) && !skipped;
    }
    if (due !== awarded.includes(award.badge)) problems.push(`badge ${award.badge} (${award.on}) ${due ? 'missing' : 'awarded without reason'}`);
  }
  return problems;
}

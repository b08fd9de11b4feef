import type { Condition } from './flowSchema';
import type { MachineContext } from './machineContract';

type Bounds = { gte?: number; gt?: number; lte?: number; lt?: number; eq?: number };

function compare(value: number | null, bounds: Bounds): boolean {
  if (value === null) return false;
  return (
    (bounds.gte === undefined || value >= bounds.gte) &&
    (bounds.gt === undefined || value > bounds.gt) &&
    (bounds.lte === undefined || value <= bounds.lte) &&
    (bounds.lt === undefined || value < bounds.lt) &&
    (bounds.eq === undefined || value === bounds.eq)
  );
}

/** Sum of the best points per quiz so far. */
export function totalScore(context: MachineContext): number {
  return Object.values(context.scores).reduce((sum, points) => sum + points, 0);
}

/** At least one quiz answered, and none missed: each right at the first try. */
function allRightFirstTime(context: MachineContext): boolean {
  return Object.keys(context.quizAttempts).length > 0 && context.missedQuizzes.length === 0;
}

/** Evaluates a rule condition against the machine context (pure). */
export function evaluateCondition(condition: Condition, context: MachineContext): boolean {
  const { last, worker } = context;
  if (condition.answer !== undefined) {
    const wanted = Array.isArray(condition.answer) ? condition.answer : [condition.answer];
    if (last.optionId === null || !wanted.includes(last.optionId)) return false;
  }
  if (condition.correct !== undefined && last.correct !== condition.correct) return false;
  if (condition.unrecognized !== undefined && last.unrecognized !== condition.unrecognized) return false;
  if (condition.score && !compare(totalScore(context), condition.score)) return false;
  if (condition.firstTry !== undefined && allRightFirstTime(context) !== condition.firstTry) return false;
  if (condition.wellbeing && !compare(last.wellbeing, condition.wellbeing)) return false;
  if (condition.attribute) {
    const value = worker.attributes[condition.attribute.name] ?? null;
    if (condition.attribute.equals !== undefined && value !== condition.attribute.equals) return false;
    if (condition.attribute.in && (value === null || !condition.attribute.in.includes(value))) return false;
  }
  if (condition.segment !== undefined && !worker.segments.includes(condition.segment)) return false;
  if (condition.variant && worker.variants[condition.variant.experiment] !== condition.variant.is) return false;
  if (condition.all && !condition.all.every((c) => evaluateCondition(c, context))) return false;
  if (condition.any && !condition.any.some((c) => evaluateCondition(c, context))) return false;
  if (condition.not && evaluateCondition(condition.not, context)) return false;
  return true;
}

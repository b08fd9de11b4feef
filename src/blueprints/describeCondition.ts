import type { Condition } from './flowSchema';

type Bounds = { gte?: number; gt?: number; lte?: number; lt?: number; eq?: number };

function bounds(name: string, b: Bounds): string {
  const parts: string[] = [];
  if (b.gte !== undefined) parts.push(`${name} ≥ ${b.gte}`);
  if (b.gt !== undefined) parts.push(`${name} > ${b.gt}`);
  if (b.lte !== undefined) parts.push(`${name} ≤ ${b.lte}`);
  if (b.lt !== undefined) parts.push(`${name} < ${b.lt}`);
  if (b.eq !== undefined) parts.push(`${name} = ${b.eq}`);
  return parts.join(' and ');
}

/** A short human reading of a rule condition, for diagrams ("answer = b and score ≥ 2"). */
export function describeCondition(condition: Condition | undefined): string {
  if (!condition) return 'always';
  const parts: string[] = [];
  if (condition.answer !== undefined) parts.push(`answer = ${Array.isArray(condition.answer) ? condition.answer.join('|') : condition.answer}`);
  if (condition.correct !== undefined) parts.push(condition.correct ? 'correct' : 'wrong');
  if (condition.unrecognized !== undefined) parts.push(condition.unrecognized ? 'not understood' : 'understood');
  if (condition.score) parts.push(bounds('score', condition.score));
  if (condition.firstTry !== undefined) parts.push(condition.firstTry ? 'all right first time' : 'not all right first time');
  if (condition.wellbeing) parts.push(bounds('well-being', condition.wellbeing));
  if (condition.attribute) {
    const a = condition.attribute;
    parts.push(a.in ? `${a.name} in ${a.in.join('|')}` : `${a.name} = ${String(a.equals)}`);
  }
  if (condition.segment) parts.push(`in segment ${condition.segment}`);
  if (condition.variant) parts.push(`${condition.variant.experiment} = ${condition.variant.is}`);
  if (condition.all) parts.push(`(${condition.all.map(describeCondition).join(' and ')})`);
  if (condition.any) parts.push(`(${condition.any.map(describeCondition).join(' or ')})`);
  if (condition.not) parts.push(`not ${describeCondition(condition.not)}`);
  return parts.join(' and ') || 'always';
}

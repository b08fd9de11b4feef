import type { WorkerAttributes } from '../db/entities/Worker';
import type { SegmentRule, TextCondition } from './segmentRuleSchema';

/** What a rule looks at about one worker. */
export interface SegmentFacts {
  language: string | null;
  timezone: string | null;
  status: string;
  wellBeingScore: number | null;
  performanceMetric: number | null;
  attributes: WorkerAttributes;
  assignments: { programId: string; status: string }[];
}

type Scalar = string | number | boolean;
const compare = { gt: (a: number, b: number) => a > b, gte: (a: number, b: number) => a >= b, lt: (a: number, b: number) => a < b, lte: (a: number, b: number) => a <= b };

/** The in-memory meaning of a rule, the reference its SQL compilation is tested against. */
export function evaluateSegmentRule(rule: SegmentRule, worker: SegmentFacts): boolean {
  if ('all' in rule) return rule.all.every((child) => evaluateSegmentRule(child, worker));
  if ('any' in rule) return rule.any.some((child) => evaluateSegmentRule(child, worker));
  if ('not' in rule) return !evaluateSegmentRule(rule.not, worker);
  if ('program' in rule) {
    const mine = worker.assignments.filter((a) => a.programId === rule.program);
    if (rule.status === 'none') return mine.length === 0;
    if (rule.status === 'any') return mine.length > 0;
    return mine.some((a) => a.status === rule.status);
  }
  if ('attribute' in rule) {
    const present = Object.hasOwn(worker.attributes, rule.attribute);
    const value = present ? worker.attributes[rule.attribute] : undefined;
    const has = value !== undefined && value !== null;
    switch (rule.op) {
      case 'exists':
        return has;
      case 'missing':
        return !has;
      case 'eq':
        return has && value === rule.value;
      case 'neq':
        return !(has && value === rule.value);
      case 'in':
        return has && rule.value.some((v: Scalar) => v === value);
      case 'notIn':
        return !(has && rule.value.some((v: Scalar) => v === value));
      default:
        return typeof value === 'number' && compare[rule.op](value, rule.value);
    }
  }
  if (rule.field === 'wellBeingScore' || rule.field === 'performanceMetric') {
    const value = worker[rule.field];
    if (rule.op === 'between') return value !== null && value >= rule.value[0] && value <= rule.value[1];
    if (rule.op === 'eq') return value !== null && value === rule.value;
    if (rule.op === 'neq') return !(value !== null && value === rule.value);
    return value !== null && compare[rule.op](value, rule.value);
  }
  const condition = rule as TextCondition;
  const value = worker[condition.field];
  if (condition.op === 'eq') return value !== null && value === condition.value;
  if (condition.op === 'neq') return !(value !== null && value === condition.value);
  if (condition.op === 'in') return value !== null && condition.value.includes(value);
  return !(value !== null && condition.value.includes(value));
}

import type { SqlParams } from '../db/tenancy/scopedSql';
import type { AttributeCondition, NumberCondition, SegmentRule, TextCondition } from './segmentRuleSchema';

const columns = { language: 'w.language', timezone: 'w.timezone', status: 'w.status', wellBeingScore: 'w.well_being_score', performanceMetric: 'w.performance_metric' } as const;
const comparators = { eq: '=', neq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * Compiles a validated rule to a boolean SQL expression over `workers w` (never NULL: every
 * condition is coalesced to false, so NOT means what it says), with its named parameters
 * (`:seg0`, `:seg1`…; use a different `prefix` to combine several rules in one statement).
 */
export function compileSegmentRule(rule: SegmentRule, prefix = 'seg'): { sql: string; params: SqlParams } {
  const params: SqlParams = {};
  let next = 0;
  const bind = (value: string | number): string => {
    const name = `${prefix}${next++}`;
    params[name] = value;
    return `:${name}`;
  };

  const text = (c: TextCondition): string => {
    const column = columns[c.field];
    if (c.op === 'eq' || c.op === 'neq') {
      const sql = `coalesce(${column} = ${bind(c.value)}::text, false)`;
      return c.op === 'eq' ? sql : `not ${sql}`;
    }
    const sql = `coalesce(${column} in (select jsonb_array_elements_text(${bind(JSON.stringify(c.value))}::jsonb)), false)`;
    return c.op === 'in' ? sql : `not ${sql}`;
  };

  const number = (c: NumberCondition): string => {
    const column = columns[c.field];
    if (c.op === 'between') return `coalesce(${column} between ${bind(c.value[0])}::numeric and ${bind(c.value[1])}::numeric, false)`;
    const sql = `coalesce(${column} ${comparators[c.op]} ${bind(c.value)}::numeric, false)`;
    return c.op === 'neq' ? `not ${sql}` : sql;
  };

  const attribute = (c: AttributeCondition): string => {
    const value = `w.attributes -> ${bind(c.attribute)}::text`;
    switch (c.op) {
      case 'exists':
      case 'missing': {
        const sql = `coalesce(jsonb_typeof(${value}) <> 'null', false)`;
        return c.op === 'exists' ? sql : `not ${sql}`;
      }
      case 'eq':
      case 'neq': {
        const sql = `coalesce(${value} = ${bind(JSON.stringify(c.value))}::jsonb, false)`;
        return c.op === 'eq' ? sql : `not ${sql}`;
      }
      case 'in':
      case 'notIn': {
        const sql = `coalesce(${value} in (select jsonb_array_elements(${bind(JSON.stringify(c.value))}::jsonb)), false)`;
        return c.op === 'in' ? sql : `not ${sql}`;
      }
      default:
        return `coalesce(case when jsonb_typeof(${value}) = 'number' then (${value})::text::numeric ${comparators[c.op]} ${bind(c.value)}::numeric end, false)`;
    }
  };

  const compile = (node: SegmentRule): string => {
    if ('all' in node) return `(${node.all.map(compile).join(' and ')})`;
    if ('any' in node) return `(${node.any.map(compile).join(' or ')})`;
    if ('not' in node) return `(not ${compile(node.not)})`;
    if ('program' in node) {
      const enrolled = `exists (select 1 from worker_assignments wa where wa.organization_id = w.organization_id and wa.worker_id = w.id and wa.program_id = ${bind(node.program)}::uuid`;
      if (node.status === 'none') return `(not ${enrolled}))`;
      if (node.status === 'any') return `${enrolled})`;
      return `${enrolled} and wa.status = ${bind(node.status)}::text)`;
    }
    if ('attribute' in node) return attribute(node);
    if (node.field === 'wellBeingScore' || node.field === 'performanceMetric') return number(node as NumberCondition);
    return text(node as TextCondition);
  };

  // A simulator's test worker belongs to no segment.
  return { sql: `(not w.simulated and ${compile(rule)})`, params };
}

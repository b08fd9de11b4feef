import { isPlainObject } from '../text/isPlainObject';

/**
 * How many levels of `all`, `any` and `not` a rule as received (unchecked JSON) nests, counting
 * no further than `stopAfter + 1`. Walked without recursion and before the schema, whose
 * recursive parse would run out of stack on a rule nested a thousand levels deep.
 */
export function measureRuleDepth(raw: unknown, stopAfter: number): number {
  let deepest = 0;
  const pending: { node: unknown; depth: number }[] = [{ node: raw, depth: 1 }];
  for (let item = pending.pop(); item && deepest <= stopAfter; item = pending.pop()) {
    const { node, depth } = item;
    if (!isPlainObject(node)) continue;
    deepest = Math.max(deepest, depth);
    const children = [node.all, node.any].flatMap((list) => (Array.isArray(list) ? list : []));
    if ('not' in node) children.push(node.not);
    for (const child of children) pending.push({ node: child, depth: depth + 1 });
  }
  return deepest;
}

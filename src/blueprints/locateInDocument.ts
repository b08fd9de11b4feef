import { isMap, isNode, isPair, isScalar } from 'yaml';
import type { Document, LineCounter } from 'yaml';

/** A function from a document path to its 1-based line and column. */
export type Locate = (path: ReadonlyArray<PropertyKey>, key?: string, text?: string) => { line: number; column: number };

/**
 * Finds where a path points in a parsed YAML document: the node itself, or
 * the deepest existing parent when the path is missing. With `key`, points
 * at that key inside the map at `path` (for unknown keys); with `text`, at that text inside the
 * node's source (when written as it reads, without escapes).
 */
export function createLocator(document: Document, lineCounter: LineCounter, source = ''): Locate {
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return (path, key, text) => {
    const parts = path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    for (let depth = parts.length; depth >= 0; depth--) {
      const node = depth === 0 ? document.contents : document.getIn(parts.slice(0, depth), true);
      if (!isNode(node) || !node.range) continue;
      if (key !== undefined && depth === parts.length && isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
        if (pair && isScalar(pair.key) && pair.key.range) return at(pair.key.range[0]);
      }
      const inside = text !== undefined && depth === parts.length ? source.indexOf(text, node.range[0]) : -1;
      return at(inside >= 0 && inside < node.range[1] ? inside : node.range[0]);
    }
    return { line: 1, column: 1 };
  };
}

/** Location of the key of `path`'s last segment (a pair key), for pointing at a field name. */
export function locateKey(document: Document, lineCounter: LineCounter, path: ReadonlyArray<string | number>): { line: number; column: number } | null {
  const parent = path.length > 1 ? document.getIn(path.slice(0, -1), true) : document.contents;
  const last = path[path.length - 1];
  if (!isMap(parent)) return null;
  const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === last);
  if (!pair || !isScalar(pair.key) || !pair.key.range) return null;
  const { line, col } = lineCounter.linePos(pair.key.range[0]);
  return { line, column: col };
}

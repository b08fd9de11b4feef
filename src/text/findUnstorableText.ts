import { isPlainObject } from './isPlainObject';

/** What a YAML file's author is told of such text (YAML escapes such as "\0" make it). */
export const UNSTORABLE_YAML_MESSAGE = 'holds U+0000 or an unpaired UTF-16 surrogate (an escape such as "\\0" or "\\ud800"), which cannot be stored: remove it';

/** Tests for U+0000 or a lone UTF-16 surrogate (see stripUnstorableText). */
const unstorable = /\0|\p{Cs}/u;

interface Visit {
  value: unknown;
  key?: string | number;
  parent?: Visit;
}

function pathOf(visit: Visit): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * The path of the first string (or object key) in a parsed value that PostgreSQL could not store
 * as sent, e.g. `['workers', 3, 'fullName']`; undefined when there is none. Walked without
 * recursion: a hostile body may nest deeper than the call stack.
 */
export function findUnstorableText(value: unknown): (string | number)[] | undefined {
  const pending: Visit[] = [{ value }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const parent = visit;
    if (typeof visit.value === 'string') {
      if (unstorable.test(visit.value)) return pathOf(visit);
    } else if (Array.isArray(visit.value)) {
      for (let index = visit.value.length - 1; index >= 0; index--) pending.push({ value: visit.value[index], key: index, parent });
    } else if (isPlainObject(visit.value)) {
      for (const [key, inner] of Object.entries(visit.value).reverse()) {
        if (unstorable.test(key)) return pathOf({ value: key, key, parent });
        pending.push({ value: inner, key, parent });
      }
    }
  }
  return undefined;
}

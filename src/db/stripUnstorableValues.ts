import { stripUnstorableText } from './stripUnstorableText';

/** `stripUnstorableText` on every string of a JSON-like value (a parsed webhook message or status), keys included. */
export function stripUnstorableValues<T>(value: T): T {
  if (typeof value === 'string') return stripUnstorableText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => stripUnstorableValues(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [stripUnstorableText(key), stripUnstorableValues(item)])) as T;
  }
  return value;
}

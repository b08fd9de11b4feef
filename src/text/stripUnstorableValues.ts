import { isPlainObject } from './isPlainObject';
import { stripUnstorableText } from './stripUnstorableText';

type Holder = Record<string | number, unknown>;

/**
 * A parsed payload (JSON, form fields) with `stripUnstorableText` applied to every string in it,
 * keys included; the input is not changed. Walked without recursion: a hostile body may nest
 * deeper than the call stack.
 */
export function stripUnstorableValues<T>(value: T): T {
  const root: Holder = { value };
  const pending: { holder: Holder; key: string | number }[] = [{ holder: root, key: 'value' }];
  for (let slot = pending.pop(); slot; slot = pending.pop()) {
    const inner = slot.holder[slot.key];
    if (typeof inner === 'string') slot.holder[slot.key] = stripUnstorableText(inner);
    else if (Array.isArray(inner) || isPlainObject(inner)) {
      const copy = Array.isArray(inner) ? [...inner] : Object.fromEntries(Object.entries(inner).map(([key, item]) => [stripUnstorableText(key), item]));
      slot.holder[slot.key] = copy;
      for (const key of Object.keys(copy)) pending.push({ holder: copy as Holder, key });
    }
  }
  return root.value as T;
}

/** A count with its noun, plural unless one: `1 variable`, `3 templates`. */
export function countNoun(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

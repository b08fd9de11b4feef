import { measureEditDistance } from './measureEditDistance';

/** Words a worker may add around an option's text without changing its meaning (articles, "my"), normalized. */
const FILLER_WORDS = new Set(['the', 'a', 'an', 'my', 'el', 'la', 'los', 'las', 'un', 'una', 'mi', 'o', 'os', 'as', 'um', 'uma', 'meu', 'minha']);

/** Typos allowed for a title of this many characters: none under 4, one under 10, two from 10. */
function allowedTypos(length: number): number {
  return length < 4 ? 0 : length < 10 ? 1 : 2;
}

function isNearMiss(answer: string, title: string): boolean {
  const words = answer.split(' ');
  const titleWords = title.split(' ');
  const withoutFiller = words.filter((word) => !FILLER_WORDS.has(word) || titleWords.includes(word)).join(' ');
  return measureEditDistance(withoutFiller, title) <= allowedTypos(title.length);
}

/**
 * The one option whose (normalized) title the normalized answer nearly is: a few typos, articles
 * around it ("la app del equipo" for "app del equipo"). Null when none is near, or when several are
 * (an ambiguous answer is not guessed).
 */
export function matchOptionLoosely(answer: string, options: Array<{ id: string; titles: string[] }>): string | null {
  const near = options.filter((option) => option.titles.some((title) => title !== '' && isNearMiss(answer, title)));
  return near.length === 1 ? near[0].id : null;
}

import type { ChoiceOption } from './channelTypes';

/**
 * Map a typed answer to the options shown by `renderNumberedOptions`: the
 * number ("2", "2.", " 2 ") or the exact title (case and accents ignored).
 * Returns the chosen option, or undefined when the text matches none.
 */
export function matchNumberedReply(
  text: string,
  choices: ReadonlyArray<ChoiceOption>,
): ChoiceOption | undefined {
  const trimmed = text.trim();
  const number = /^(\d{1,2})[.)]?$/.exec(trimmed);
  if (number) return choices[Number(number[1]) - 1];
  const wanted = fold(trimmed);
  return choices.find((choice) => fold(choice.title) === wanted);
}

function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

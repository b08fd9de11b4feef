import type { ChoiceOption } from './channelTypes';

/**
 * Append choices as numbered lines, for channels without buttons:
 *
 * ```
 * How did it go?
 *
 * 1. Great
 * 2. Hard
 * ```
 *
 * The worker answers with the number or the title; `matchNumberedReply` maps it back.
 */
export function renderNumberedOptions(text: string, choices: ReadonlyArray<ChoiceOption>): string {
  const lines = choices.map((choice, index) => `${index + 1}. ${choice.title}`);
  const head = text.trimEnd();
  return head ? `${head}\n\n${lines.join('\n')}` : lines.join('\n');
}

import type { Choices } from '../channelTypes';

/** Cloud API limits for interactive messages (characters unless noted). */
export const CLOUD_API_LIMITS = {
  /** Reply buttons per message. */
  maxButtons: 3,
  buttonTitle: 20,
  /** Rows across all sections of a list. */
  maxListRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  /** Interactive body text. */
  interactiveBody: 1024,
  buttonId: 256,
  rowId: 200,
} as const;

/**
 * Decide how choices are shown on the Cloud API: the wished presentation if
 * it fits, buttons falling back to a list, and anything that fits neither
 * (or a body too long for an interactive message) to numbered text.
 */
export function chooseChoicePresentation(choices: Choices, bodyText: string): 'buttons' | 'list' | 'numbered' {
  if (choices.presentation === 'numbered') return 'numbered';
  const options = choices.options;
  if (!bodyText || bodyText.length > CLOUD_API_LIMITS.interactiveBody) return 'numbered';
  const buttonsFit =
    options.length <= CLOUD_API_LIMITS.maxButtons &&
    options.every((o) => o.title.length <= CLOUD_API_LIMITS.buttonTitle && o.id.length <= CLOUD_API_LIMITS.buttonId);
  const listFits =
    options.length <= CLOUD_API_LIMITS.maxListRows &&
    options.every(
      (o) =>
        o.title.length <= CLOUD_API_LIMITS.rowTitle &&
        o.id.length <= CLOUD_API_LIMITS.rowId &&
        (o.description?.length ?? 0) <= CLOUD_API_LIMITS.rowDescription,
    );
  if (choices.presentation === 'buttons' && buttonsFit) return 'buttons';
  return listFits ? 'list' : 'numbered';
}

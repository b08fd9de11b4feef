import type { LocalizedText, Template, Touchpoint } from './flowSchema';
import type { BlueprintIndex } from './indexBlueprint';
import { expectsAnswer } from './indexBlueprint';
import type { MachineContext, SendContentParams } from './machineContract';
import { totalScore } from './evaluateCondition';
import { fillVariables, pickLanguage } from './renderText';
import type { TextVariables } from './renderText';

/** WhatsApp interactive limits (Cloud API). */
export const INTERACTIVE_LIMITS = { buttons: 3, buttonTitle: 20, rows: 10, rowTitle: 24 };

/** Which part of a touchpoint is sent. */
export type ContentPart = 'body' | 'hint' | 'reminder' | 'correct' | 'incorrect';

/** The language a worker's texts are rendered in: theirs when the flow has it, else the flow's default. */
export function languageOf(index: BlueprintIndex, context: MachineContext): string {
  const { languages, defaultLanguage } = index.doc.blueprint;
  return languages.includes(context.worker.language) ? context.worker.language : defaultLanguage;
}

function variablesOf(index: BlueprintIndex, context: MachineContext): TextVariables {
  return {
    first_name: context.worker.firstName,
    score: String(totalScore(context)),
    max_score: String(index.maxScore),
    badge: context.lastBadge ?? '',
    wellbeing: context.last.wellbeing === null ? '' : String(context.last.wellbeing),
  };
}

/** Options of a touchpoint as (id, title) in one language; well-being gets 1..5. */
export function listOptions(touchpoint: Touchpoint, language: string, fallback: string): Array<{ id: string; title: string }> {
  if (touchpoint.type === 'wellbeing') return ['1', '2', '3', '4', '5'].map((id) => ({ id, title: id }));
  if ((touchpoint.type === 'quiz' || touchpoint.type === 'question') && touchpoint.options) {
    return touchpoint.options.map((o) => ({ id: o.id, title: pickLanguage(o.text, language, fallback) }));
  }
  return [];
}

/** How options fit WhatsApp's interactive messages. */
export function interactiveKind(options: Array<{ title: string }>): SendContentParams['interactive'] {
  if (options.length === 0) return 'none';
  const longest = Math.max(...options.map((o) => o.title.length));
  if (options.length <= INTERACTIVE_LIMITS.buttons && longest <= INTERACTIVE_LIMITS.buttonTitle) return 'buttons';
  if (options.length <= INTERACTIVE_LIMITS.rows && longest <= INTERACTIVE_LIMITS.rowTitle) return 'list';
  return 'none';
}

function partText(touchpoint: Touchpoint, part: ContentPart): { text: LocalizedText | undefined; template: Template | undefined } {
  const answered = touchpoint.type !== 'text' && touchpoint.type !== 'media' ? touchpoint : null;
  switch (part) {
    case 'body':
      return { text: touchpoint.text, template: touchpoint.template };
    case 'hint':
      return { text: answered?.answers?.hint, template: undefined };
    case 'reminder':
      return { text: answered?.reminders?.text, template: answered?.reminders?.template };
    case 'correct':
      return { text: touchpoint.type === 'quiz' ? touchpoint.feedback?.correct : undefined, template: undefined };
    case 'incorrect':
      return { text: touchpoint.type === 'quiz' ? touchpoint.feedback?.incorrect : undefined, template: undefined };
  }
}

/** Default hint when a touchpoint has none, per language (English fallback). */
const DEFAULT_HINTS: Record<string, string> = {
  en: 'Sorry, I did not understand. Please reply with one of the options.',
  es: 'Perdón, no entendí. Responde con una de las opciones.',
  pt: 'Desculpe, não entendi. Responda com uma das opções.',
  fr: "Désolé, je n'ai pas compris. Répondez avec une des options.",
};

/**
 * The `sendContent` params for one part of a touchpoint, rendered in the
 * worker's language. Returns null when the part has no text.
 */
export function buildSendContent(index: BlueprintIndex, touchpoint: Touchpoint, part: ContentPart, context: MachineContext): SendContentParams | null {
  const fallback = index.doc.blueprint.defaultLanguage;
  const language = languageOf(index, context);
  const variables = variablesOf(index, context);
  const { text, template } = partText(touchpoint, part);
  const raw = text ? pickLanguage(text, language, fallback) : part === 'hint' ? (DEFAULT_HINTS[language.slice(0, 2)] ?? DEFAULT_HINTS.en) : null;
  if (raw === null) return null;
  const asks = expectsAnswer(touchpoint) && (part === 'body' || part === 'hint' || part === 'reminder');
  const options = asks ? listOptions(touchpoint, language, fallback) : [];
  let body = fillVariables(raw, variables);
  if (part === 'body' && touchpoint.type === 'wellbeing' && touchpoint.labels) {
    body += `\n1 = ${pickLanguage(touchpoint.labels.low, language, fallback)} · 5 = ${pickLanguage(touchpoint.labels.high, language, fallback)}`;
  }
  const numbered = options.map((o, i) => `${i + 1}. ${o.title}`).join('\n');
  return {
    touchpointKey: touchpoint.key,
    contentKey: part === 'body' ? touchpoint.key : `${touchpoint.key}.${part}`,
    ...(part === 'body' && touchpoint.notify ? { notifyCoach: touchpoint.notify.reason } : {}),
    language,
    text: body,
    textWithOptions: numbered ? `${body}\n\n${numbered}` : body,
    media: part === 'body' && touchpoint.type === 'media' ? { kind: touchpoint.media.kind, url: touchpoint.media.url } : undefined,
    options,
    interactive: interactiveKind(options),
    template: template
      ? { name: template.name, language: template.language ?? language, variables: template.variables.map((v) => fillVariables(v, variables)) }
      : undefined,
    expectsAnswer: asks,
  };
}

import type { FlowDocument } from './flowSchema';
import type { DocPath, Report } from './createIssueReporter';
import { listLocalizedTexts, listTemplateVariables } from './listLocalizedTexts';
import { FLOW_VARIABLES, listVariables } from './renderText';
import { normalizeText } from './normalizeText';
import { findMalformedPlaceholder } from './findMalformedPlaceholder';
import { INTERACTIVE_LIMITS } from './buildSendContent';

/**
 * Reserved keywords that match a whole message (STOP, START, HELP, PROGRESS,
 * the handoff keyword AGENT) with their translations.
 */
export const RESERVED_KEYWORDS: Record<string, string[]> = {
  STOP: ['stop', 'parar', 'alto', 'baja', 'cancelar', 'pare', 'arret', 'arreter'],
  START: ['start', 'iniciar', 'inicio', 'empezar', 'comenzar', 'comecar', 'demarrer'],
  HELP: ['help', 'ayuda', 'ajuda', 'aide'],
  PROGRESS: ['progress', 'progreso', 'progresso', 'progres'],
  AGENT: ['agent', 'agente', 'humano', 'human'],
};

function reservedKeywordOf(text: string): string | null {
  const normalized = normalizeText(text);
  for (const [keyword, words] of Object.entries(RESERVED_KEYWORDS)) {
    if (words.includes(normalized)) return keyword;
  }
  return null;
}

function checkPlaceholders(value: string, path: DocPath, report: Report): void {
  const malformed = findMalformedPlaceholder(value);
  if (malformed) {
    report('error', 'malformed-placeholder', path, `placeholder '${malformed.written}'`, `is not a variable and would reach the worker as written: write ${malformed.fix} (two braces on each side)`, malformed.written);
  }
}

/** Unknown and malformed variables, missing translations, reserved option texts, WhatsApp interactive limits. */
export function checkTexts(doc: FlowDocument, report: Report): void {
  const { languages, defaultLanguage } = doc.blueprint;
  if (!languages.includes(defaultLanguage)) {
    report('error', 'default-language', ['blueprint', 'defaultLanguage'], `default language '${defaultLanguage}'`, `is not in \`languages\`: add it to [${languages.join(', ')}]`);
  }
  const known = Object.keys(FLOW_VARIABLES).join(', ');
  for (const { path, text } of listLocalizedTexts(doc)) {
    for (const language of languages) {
      if (text[language] === undefined) {
        report('error', 'missing-translation', path, 'text', `has no '${language}' translation: add \`${language}: ...\` (the blueprint declares ${languages.join(', ')})`);
      }
    }
    for (const [language, value] of Object.entries(text)) {
      if (!languages.includes(language)) {
        report('warning', 'undeclared-language', [...path, language], `language '${language}'`, `is not declared in \`blueprint.languages\`: add it there or remove this text`);
      }
      for (const name of listVariables(value)) {
        if (!(name in FLOW_VARIABLES)) {
          report('error', 'unknown-variable', [...path, language], `variable '{{${name}}}'`, `does not exist: use one of ${known}`);
        }
      }
      checkPlaceholders(value, [...path, language], report);
    }
  }
  for (const { path, value } of listTemplateVariables(doc)) {
    for (const name of listVariables(value)) {
      if (!(name in FLOW_VARIABLES)) report('error', 'unknown-variable', path, `variable '{{${name}}}'`, `does not exist: use one of ${known}`);
    }
    checkPlaceholders(value, path, report);
  }
  doc.phases.forEach((phase, p) =>
    phase.touchpoints.forEach((tp, t) => {
      if ((tp.type !== 'quiz' && tp.type !== 'question') || !tp.options) return;
      const base = ['phases', p, 'touchpoints', t, 'options'];
      tp.options.forEach((option, j) => {
        for (const [language, title] of Object.entries(option.text)) {
          const keyword = reservedKeywordOf(title);
          if (keyword) {
            report('warning', 'reserved-keyword', [...base, j, 'text', language], `option '${option.id}'`, `reads '${title}', which is the reserved keyword ${keyword}: a worker sending it alone triggers ${keyword}, not this answer; reword it`);
          }
        }
      });
      for (const language of languages) {
        const titles = tp.options.map((o) => o.text[language] ?? '');
        const longest = Math.max(...titles.map((s) => s.length));
        if (titles.length > INTERACTIVE_LIMITS.rows || longest > INTERACTIVE_LIMITS.rowTitle) {
          report('warning', 'interactive-limit', base, `${tp.type} '${tp.key}'`, `has ${titles.length} options, longest ${longest} characters in '${language}': WhatsApp lists take at most ${INTERACTIVE_LIMITS.rows} rows of ${INTERACTIVE_LIMITS.rowTitle} characters, so it falls back to numbered options; shorten them to keep taps`);
        } else if (titles.length <= INTERACTIVE_LIMITS.buttons && longest > INTERACTIVE_LIMITS.buttonTitle) {
          report('warning', 'interactive-limit', base, `${tp.type} '${tp.key}'`, `has an option of ${longest} characters in '${language}': reply buttons take titles of at most ${INTERACTIVE_LIMITS.buttonTitle} characters, so it is sent as a list instead of buttons; shorten it to keep buttons`);
        }
      }
    }),
  );
}

import { normalizeText } from '../blueprints/normalizeText';

export type Keyword = 'STOP' | 'START' | 'HELP' | 'PROGRESS' | 'AGENT';

/** Each keyword and its translations; STOP is checked first. */
const keywords: [Keyword, string[]][] = [
  ['STOP', ['stop', 'unsubscribe', 'parar', 'baja', 'detener']],
  ['START', ['start', 'unstop', 'iniciar', 'alta', 'reanudar']],
  ['HELP', ['help', 'ayuda']],
  ['PROGRESS', ['progress', 'progreso']],
  // Handoff: the worker asks for a person.
  ['AGENT', ['agent', 'human', 'person', 'talk to a person', 'agente', 'humano', 'persona', 'hablar con una persona']],
];

/** The keyword a message is, when the whole message (trimmed, case and accents ignored) is one. */
export function matchKeyword(text: string | undefined): Keyword | undefined {
  if (!text) return undefined;
  const normalized = normalizeText(text);
  return keywords.find(([, words]) => words.includes(normalized))?.[0];
}

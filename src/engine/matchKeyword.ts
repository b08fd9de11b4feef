import { normalizeText } from '../blueprints/normalizeText';

export type Keyword = 'STOP' | 'START' | 'HELP' | 'PROGRESS' | 'STREAK' | 'RANK' | 'AGENT';

/** Each keyword and its translations (en, es, pt: the system texts' languages name them); STOP is checked first. */
const keywords: [Keyword, string[]][] = [
  ['STOP', ['stop', 'unsubscribe', 'parar', 'baja', 'detener']],
  ['START', ['start', 'unstop', 'iniciar', 'alta', 'reanudar']],
  ['HELP', ['help', 'ayuda', 'ajuda']],
  ['PROGRESS', ['progress', 'progreso', 'progresso']],
  ['STREAK', ['streak', 'racha', 'sequencia']],
  ['RANK', ['rank', 'ranking', 'puesto', 'posicao']],
  // Handoff: the worker asks for a person.
  ['AGENT', ['agent', 'human', 'person', 'talk to a person', 'agente', 'humano', 'persona', 'hablar con una persona', 'atendente', 'pessoa', 'falar com uma pessoa']],
];

/** The keyword a message is, when the whole message (trimmed, case and accents ignored) is one. */
export function matchKeyword(text: string | undefined): Keyword | undefined {
  if (!text) return undefined;
  const normalized = normalizeText(text);
  return keywords.find(([, words]) => words.includes(normalized))?.[0];
}

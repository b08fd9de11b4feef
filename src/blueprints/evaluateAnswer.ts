import type { Touchpoint } from './flowSchema';
import { parseAnswer, parseWellBeing } from './parseAnswer';

/** What one answer means for a touchpoint. */
export type AnswerOutcome = {
  unrecognized: boolean;
  optionId: string | null;
  /** Quiz only: the chosen option is one of the correct ones. */
  correct: boolean | null;
  /** Quiz only: points earned by this answer. */
  points: number;
  /** Well-being only: 1–5. */
  wellbeing: number | null;
};

const UNRECOGNIZED: AnswerOutcome = { unrecognized: true, optionId: null, correct: null, points: 0, wellbeing: null };

/** Interprets an answer to a touchpoint (pure). */
export function evaluateAnswer(touchpoint: Touchpoint, text: string, replyId?: string): AnswerOutcome {
  switch (touchpoint.type) {
    case 'wellbeing': {
      const score = parseWellBeing(text, replyId);
      return score === null ? UNRECOGNIZED : { ...UNRECOGNIZED, unrecognized: false, wellbeing: score };
    }
    case 'reflection':
      return text.trim() === '' ? UNRECOGNIZED : { ...UNRECOGNIZED, unrecognized: false };
    case 'question': {
      if (!touchpoint.options) return text.trim() === '' ? UNRECOGNIZED : { ...UNRECOGNIZED, unrecognized: false };
      const parsed = parseAnswer(text, touchpoint.options.map((o) => ({ id: o.id, titles: Object.values(o.text) })), replyId);
      return parsed.kind === 'option' ? { ...UNRECOGNIZED, unrecognized: false, optionId: parsed.optionId } : UNRECOGNIZED;
    }
    case 'quiz': {
      const parsed = parseAnswer(text, touchpoint.options.map((o) => ({ id: o.id, titles: Object.values(o.text) })), replyId);
      if (parsed.kind !== 'option') return UNRECOGNIZED;
      const correct = touchpoint.options.some((o) => o.id === parsed.optionId && o.correct === true);
      return { unrecognized: false, optionId: parsed.optionId, correct, points: correct ? touchpoint.points : 0, wellbeing: null };
    }
    default:
      return { ...UNRECOGNIZED, unrecognized: false };
  }
}

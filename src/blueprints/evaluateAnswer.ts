import type { Touchpoint } from './flowSchema';
import type { AnswerEvent } from './machineContract';
import { parseAnswer, parseWellBeing } from './parseAnswer';
import { MAX_QUIZ_POINTS } from './storableBounds';

/** What one answer means for a touchpoint. */
export type AnswerOutcome = {
  unrecognized: boolean;
  optionId: string | null;
  /** Quiz only: the chosen option is one of the correct ones. */
  correct: boolean | null;
  /** Quiz only: points earned by this answer, at most MAX_QUIZ_POINTS (a version stored before uploads refused more). */
  points: number;
  /** Well-being only: 1–5. */
  wellbeing: number | null;
};

const UNRECOGNIZED: AnswerOutcome = { unrecognized: true, optionId: null, correct: null, points: 0, wellbeing: null };

/** What a right answer to a quiz scores: its points, at most MAX_QUIZ_POINTS (a version stored before uploads refused more). */
export function quizPointsOf(quiz: Extract<Touchpoint, { type: 'quiz' }>): number {
  return Math.min(quiz.points, MAX_QUIZ_POINTS);
}

/** What the worker sent, as the machine reads it. */
export type Answer = Pick<AnswerEvent, 'text' | 'replyId' | 'media'>;

/**
 * Nothing to read: no text, no tapped option, and no media where a free answer is asked
 * (a sticker, a reaction, a photo without a caption to a quiz, an empty message).
 * Such a message is not an attempt: it gets the hint and costs nothing.
 */
export function isEmptyAnswer(touchpoint: Touchpoint, answer: Answer): boolean {
  if (answer.text.trim() !== '' || answer.replyId) return false;
  return answer.media === undefined || !takesFreeAnswer(touchpoint);
}

/** A reflection or an open question: a text of its own, or a photo or voice note, answers it. */
function takesFreeAnswer(touchpoint: Touchpoint): boolean {
  return touchpoint.type === 'reflection' || (touchpoint.type === 'question' && !touchpoint.options);
}

/** Interprets an answer to a touchpoint (pure). */
export function evaluateAnswer(touchpoint: Touchpoint, answer: Answer): AnswerOutcome {
  const { text, replyId } = answer;
  if (takesFreeAnswer(touchpoint)) {
    return text.trim() === '' && answer.media === undefined ? UNRECOGNIZED : { ...UNRECOGNIZED, unrecognized: false };
  }
  switch (touchpoint.type) {
    case 'wellbeing': {
      const score = parseWellBeing(text, replyId);
      return score === null ? UNRECOGNIZED : { ...UNRECOGNIZED, unrecognized: false, wellbeing: score };
    }
    case 'question': {
      const parsed = parseAnswer(text, (touchpoint.options ?? []).map((o) => ({ id: o.id, titles: Object.values(o.text) })), replyId);
      return parsed.kind === 'option' ? { ...UNRECOGNIZED, unrecognized: false, optionId: parsed.optionId } : UNRECOGNIZED;
    }
    case 'quiz': {
      const parsed = parseAnswer(text, touchpoint.options.map((o) => ({ id: o.id, titles: Object.values(o.text) })), replyId);
      if (parsed.kind !== 'option') return UNRECOGNIZED;
      const correct = touchpoint.options.some((o) => o.id === parsed.optionId && o.correct === true);
      return { unrecognized: false, optionId: parsed.optionId, correct, points: correct ? quizPointsOf(touchpoint) : 0, wellbeing: null };
    }
    default:
      return { ...UNRECOGNIZED, unrecognized: false };
  }
}

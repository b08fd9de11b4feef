/** The floor's hand-written copy of flows/bench-quiz.yaml: six questions, then a closing text and a badge. */
export const FLOOR_QUESTIONS = 6;
export const FLOOR_BADGE = 'quiz-finisher';

export interface FloorStep {
  /** Index of the question answered (0-based). */
  question: number;
  correct: boolean;
  /** The replies to queue, in order. */
  replies: string[];
  finished: boolean;
  /** The points the answer earns, by ledger kind (the engine's default rules for this journey). */
  points: { kind: string; points: number }[];
}

/** What the answer to the `question`-th question does (the right answer is option 1). */
export function floorStep(question: number, answer: string, score: number): FloorStep {
  const correct = answer.trim() === '1';
  const finished = question + 1 >= FLOOR_QUESTIONS;
  const replies = finished
    ? [`All done: ${score + (correct ? 1 : 0)} of ${FLOOR_QUESTIONS} right.`, 'You earned a badge: Quiz finisher! Send PROGRESS to see all your badges.']
    : [`${question + 2}/${FLOOR_QUESTIONS}: the next question.\n1. The right answer\n2. The wrong answer`];
  const points = [{ kind: 'quizAnswered', points: 10 }, { kind: 'touchpointCompleted', points: 1 }];
  if (finished) points.push({ kind: 'journeyCompleted', points: 20 }, { kind: 'badgeAwarded', points: 0 });
  return { question, correct, replies, finished, points };
}

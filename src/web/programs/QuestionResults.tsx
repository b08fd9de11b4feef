import type { TouchpointResult } from '../../analytics/loadProgramAnalytics';
import { ofText } from '../charts/BarChart';
import { formatDuration } from './formatDuration';

/** One question or quiz: its figures and the options chosen, as tables (the organization's language). */
export function QuestionResults({ question }: { question: TouchpointResult }) {
  const isQuiz = question.type === 'quiz';
  return (
    <div class="question" data-question={question.touchpoint}>
      <h3>{question.text}</h3>
      <table aria-label={`Results of: ${question.text}`}>
        <tbody>
          <tr><th scope="row">Answered</th><td>{ofText(question.answered, question.reached)} (of the workers it was sent to)</td></tr>
          {isQuiz && <tr><th scope="row">Right at the first try</th><td>{ofText(question.firstTryCorrect, question.answered)} (of those who answered)</td></tr>}
          {isQuiz && <tr><th scope="row">Right in the end</th><td>{ofText(question.eventuallyCorrect, question.answered)}</td></tr>}
          {isQuiz && <tr><th scope="row">Missed (attempts ran out or no answer in time)</th><td>{question.missed}</td></tr>}
          <tr><th scope="row">Answers given (average, most)</th><td>{question.attemptsAverage ?? '–'}, {question.attemptsMax ?? '–'}</td></tr>
          <tr><th scope="row">Median time to answer</th><td>{formatDuration(question.medianSecondsToAnswer)}</td></tr>
        </tbody>
      </table>
      {question.options.length > 0 && (
        <table aria-label={`Options chosen for: ${question.text}`}>
          <thead><tr><th scope="col">Option</th><th scope="col">First answer</th><th scope="col">Last answer</th><th scope="col">Share of last answers</th></tr></thead>
          <tbody>
            {question.options.map((o) => (
              <tr><th scope="row">{o.text}</th><td>{o.firstTry}</td><td>{o.eventual}</td><td>{o.share === null ? '–' : `${Math.round(o.share * 100)} %`}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

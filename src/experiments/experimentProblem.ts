/** A refusal of a design or a transition, answered by the API as `status` with the field it names. */
export interface ExperimentProblem {
  status: 400 | 409;
  code: string;
  message: string;
  field?: string;
}

export const problem = (status: 400 | 409, code: string, message: string, field?: string): { problem: ExperimentProblem } => ({
  problem: { status, code, message, ...(field ? { field } : {}) },
});

/** Ledger kinds that show the worker was active (not what was awarded for it): streaks count these. */
export const activityKinds: readonly string[] = ['touchpointCompleted', 'quizAnswered', 'reflectionWritten', 'wellbeingAnswered', 'journeyCompleted'];

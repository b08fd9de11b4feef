import type { LatencySummary, RunFigures } from './latencySummary';
import type { QueryFigures } from './measureQueries';

/** One inbound run of the scale curve against the engine process. */
export interface EngineRun extends RunFigures {
  workersInOrganization: number;
  engineCpuMsPerMessage: number;
  enginePeakRssMb: number;
  /** From a worker's message to the reply handed to the provider fake. */
  replyLatencyMs: LatencySummary & { unanswered: number };
}

/** One organization size of the scale curve: the inbound run and the console's queries. */
export interface CurvePoint extends EngineRun {
  queries: QueryFigures;
}

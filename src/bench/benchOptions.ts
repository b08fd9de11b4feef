import { parseArgs } from 'node:util';
import { z } from 'zod';

/** A comma-separated list of whole numbers, e.g. `100,1000`. */
const numberList = (fallback: string) => z.string().default(fallback).transform((list) => (list.trim() ? list.split(',').map((n) => Number(n.trim())) : []));

const optionsSchema = z.object({
  /** Concurrent workers of the closed-loop runs, one run (engine, then floor) per number: `100,1000`; empty skips them. */
  workers: numberList('100,1000').pipe(z.array(z.number().int().min(1))),
  /**
   * Journeys each concurrent worker of the closed loop plays, one after another (a fresh worker
   * each): the measured run of 100 workers lasts about 2 s with 1, where a pause of the machine
   * moves the ratio by a tenth; 5 measures five times as long at the same concurrency.
   */
  journeys: z.coerce.number().int().min(1).default(1),
  /** Engine/floor pairs per number of workers, alternating (engine, floor, engine, floor, …), each with a fresh process and fresh workers: one pair's ratio swings with the machine. */
  rounds: z.coerce.number().int().min(1).default(1),
  /** Engine instances behind one PgBouncer on one database, a closed-loop run per number: `1,3` (needs DATABASE_URL); empty skips it. */
  instances: numberList('').pipe(z.array(z.number().int().min(1).max(16))),
  /** Concurrent workers of each multi-instance run. */
  instanceWorkers: z.coerce.number().int().min(1).default(300),
  /**
   * Workers who play the whole quiz on each server before its measured run (closed or open loop), not measured: the figures are of a warm process, as a server in production is (V8 has compiled the hot code, pools and plans are made); 0 measures a cold one.
   * After 100 (600 messages) V8's helper threads still spent about 1 ms a message compiling in the engine; after 500, 0.3.
   */
  warmUp: z.coerce.number().int().min(0).default(500),
  /** Longest closed-loop run, seconds (journeys not finished by then are counted as not done). */
  cap: z.coerce.number().min(1).default(60),
  /** Webhooks a second of the open-loop run; 0 skips it. */
  openRate: z.coerce.number().min(0).default(500),
  /** Seconds of the open-loop run. */
  openSeconds: z.coerce.number().min(1).default(6),
  /** Longest wait for the open loop's backlog to drain, seconds. */
  drainCap: z.coerce.number().min(1).default(60),
  /** Virtual workers sending at once in the scale curve's runs (signed Twilio webhooks, the onboarding journey). */
  concurrency: z.coerce.number().int().min(1).default(50),
  /** Messages each worker sends in the scale curve's runs. */
  answers: z.coerce.number().int().min(1).default(3),
  /** Workers in the scale curve's runs. */
  curveWorkers: z.coerce.number().int().min(1).default(500),
  /** The scale curve up to this many workers (preloaded with progress rows); 0 skips it. */
  scale: z.coerce.number().int().min(0).default(0),
  /** Recipients of the broadcast fan-out test; 0 skips it. */
  broadcast: z.coerce.number().int().min(0).default(0),
  /** Months of history before this one, as empty `messages` partitions made before the runs (a deployment keeping two years has 24); 0: this month's and the next only. */
  historyMonths: z.coerce.number().int().min(0).max(120).default(0),
  /** Where the JSON figures are written. */
  out: z.string().default('bench-results.json'),
});

export type BenchOptions = z.infer<typeof optionsSchema>;

/** `npm run bench -- --workers 100,1000 --journeys 5 --rounds 3 --instances 1,3 --instance-workers 300 --warm-up 500 --cap 60 --open-rate 500 --open-seconds 6 --scale 1000000 --broadcast 100000 --history-months 24 --out results.json` */
export function readBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      ['workers', 'journeys', 'rounds', 'instances', 'instance-workers', 'warm-up', 'cap', 'open-rate', 'open-seconds', 'drain-cap', 'concurrency', 'answers', 'curve-workers', 'scale', 'broadcast', 'history-months', 'out'].map((name) => [name, { type: 'string' as const }]),
    ),
  });
  const camel = Object.fromEntries(Object.entries(values).map(([name, value]) => [name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()), value]));
  const parsed = optionsSchema.safeParse(camel);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `--${String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`).join('\n'));
  }
  return parsed.data;
}

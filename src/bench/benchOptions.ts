import { parseArgs } from 'node:util';
import { z } from 'zod';

const optionsSchema = z.object({
  /** Workers answering the journey during the inbound test. */
  workers: z.coerce.number().int().min(1).default(500),
  /** Virtual workers sending at the same time. */
  concurrency: z.coerce.number().int().min(1).default(50),
  /** Messages each worker sends. */
  answers: z.coerce.number().int().min(1).default(3),
  /** Extra workers (with progress rows) preloaded for the scale test; 0 skips it. */
  scale: z.coerce.number().int().min(0).default(0),
  /** Recipients of the broadcast fan-out test; 0 skips it. */
  broadcast: z.coerce.number().int().min(0).default(0),
  /** Messages per second of the steady run that measures reply latency (first size only); 0 skips it. */
  pace: z.coerce.number().min(0).default(20),
  /** Where the JSON figures are written. */
  out: z.string().default('bench-results.json'),
});

export type BenchOptions = z.infer<typeof optionsSchema>;

/** `npm run bench -- --workers 2000 --concurrency 100 --answers 3 --scale 1000000 --broadcast 100000 --pace 20 --out results.json` */
export function readBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      workers: { type: 'string' },
      concurrency: { type: 'string' },
      answers: { type: 'string' },
      scale: { type: 'string' },
      broadcast: { type: 'string' },
      pace: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  return parsed.data;
}

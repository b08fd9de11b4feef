import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { FlowDocument } from './flowSchema';
import { indexBlueprint } from './indexBlueprint';
import { buildMachineConfig } from './buildMachineConfig';
import { createBlueprintSetup } from './createBlueprintSetup';

/** Builds the machine of a blueprint (not cached). */
function buildMachine(doc: FlowDocument) {
  const index = indexBlueprint(doc);
  const machineId = doc.blueprint.key;
  const states = buildMachineConfig(index, machineId);
  return createBlueprintSetup(index).createMachine({
    id: machineId,
    initial: doc.phases[0].key,
    context: ({ input }) => ({
      worker: input.worker,
      startedAt: input.at ?? input.worker.enrolledAt,
      scores: {},
      quizAttempts: {},
      missedQuizzes: [],
      attempts: 0,
      remindersSent: 0,
      last: { optionId: null, correct: null, wellbeing: null, unrecognized: false },
      lastBadge: null,
      awarded: [],
    }),
    on: { WORKER_UPDATED: { actions: { type: 'updateWorker' } } },
    states,
  });
}

/** A compiled blueprint machine: pure, for `initialTransition()` / `transition()`. */
export type BlueprintMachine = ReturnType<typeof buildMachine>;

/**
 * Machines compiled by this process, the most recently used kept. Bounded: the flow editor compiles
 * every draft it checks under its content hash, so an unbounded map grew with each edit.
 */
const cache = new LRUCache<string, BlueprintMachine>({ max: 256 });

/** JSON with object keys sorted, so that key order in the YAML does not change the hash. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Stable hash of a normalized flow document (sha256, hex), independent of key order. */
export function hashBlueprint(doc: FlowDocument): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

export type CompileOptions = {
  /** Cache key: the stored blueprint version id; defaults to the document's content hash. */
  versionId?: string;
};

/**
 * Compiles a validated flow document to an XState v5 machine. The 256 most recently used machines
 * are cached by version id, so compiling the same version twice returns the same machine while it
 * is among them; building twice yields equal definitions.
 */
export function compileBlueprint(doc: FlowDocument, options: CompileOptions = {}): BlueprintMachine {
  const key = options.versionId ?? hashBlueprint(doc);
  const cached = cache.get(key);
  if (cached) return cached;
  const machine = buildMachine(doc);
  cache.set(key, machine);
  return machine;
}

/** Compiles without the cache (to compare two builds, or after editing a draft in place). */
export function compileBlueprintUncached(doc: FlowDocument): BlueprintMachine {
  return buildMachine(doc);
}

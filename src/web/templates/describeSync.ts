import type { SyncTemplatesResult } from '../../templates/syncCloudApiTemplates';

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A successful sync in words, for the console. */
export function describeSync(result: Extract<SyncTemplatesResult, { ok: true }>): string {
  const removed = result.removed > 0 ? ` ${count(result.removed, 'template')} Meta no longer lists ${result.removed === 1 ? 'was' : 'were'} marked removed.` : '';
  return `Synced ${count(result.synced, 'template')} from Meta (${count(result.pages, 'page')}).${removed}`;
}

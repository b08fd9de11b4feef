import { countNoun } from '../../templates/countNoun';
import type { SyncTemplatesResult } from '../../templates/syncCloudApiTemplates';

/** A successful sync in words, for the console. */
export function describeSync(result: Extract<SyncTemplatesResult, { ok: true }>): string {
  const removed = result.removed > 0 ? ` ${countNoun(result.removed, 'template')} Meta no longer lists ${result.removed === 1 ? 'was' : 'were'} marked removed.` : '';
  return `Synced ${countNoun(result.synced, 'template')} from Meta (${countNoun(result.pages, 'page')}).${removed}`;
}

import { chmodSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * As root the embedded server runs as the `postgres` user, who must pass through every folder
 * above its data and its programs (a clone in /root, mode 0700, stops it at the first step). Adds
 * the others' execute bit, which lets one pass through a folder without listing it, to each folder
 * on the way that lacks it; answers the folders it changed, for the engine to say so.
 */
export function openPathForServerUser(paths: readonly string[]): string[] {
  const opened: string[] = [];
  for (const path of paths) {
    for (let folder = resolve(path); ; folder = dirname(folder)) {
      const mode = statSync(folder).mode;
      if ((mode & 0o001) === 0) {
        chmodSync(folder, mode | 0o001);
        opened.push(folder);
      }
      if (dirname(folder) === folder) break;
    }
  }
  return opened;
}

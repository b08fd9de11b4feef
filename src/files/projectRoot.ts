import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder (the nearest one above the caller holding package.json): the same from the
 * TypeScript sources (src/<room>/, tsx and vitest) and from the build `npm start` runs (dist/).
 */
export function projectRootOf(callerUrl: string): string {
  for (let dir = dirname(fileURLToPath(callerUrl)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${fileURLToPath(callerUrl)}`);
  }
}

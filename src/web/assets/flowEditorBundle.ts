import { join } from 'node:path';
import { build } from 'esbuild';
import { projectRootOf } from '../../files/projectRoot';

// From the sources whether the server runs from them or from the build (dist/).
const entry = join(projectRootOf(import.meta.url), 'src/web/flowEditor/client/flowEditorClient.ts');
let bundle: Promise<Uint8Array<ArrayBuffer>> | undefined;

/**
 * The flow editor's script (CodeMirror 6, its YAML language, lint, merge view and
 * codemirror-json-schema), bundled from node_modules by esbuild's JS API on the first request
 * and kept for the life of the process: start-up does not wait for it (about a second), and
 * no file is written. A failed build is tried again on the next request.
 */
export function flowEditorBundle(): Promise<Uint8Array<ArrayBuffer>> {
  bundle ??= build({ entryPoints: [entry], bundle: true, minify: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent', legalComments: 'none' })
    .then((result) => new Uint8Array(result.outputFiles[0].contents))
    .catch((error: unknown) => {
      bundle = undefined;
      throw error;
    });
  return bundle;
}

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { generateJsonSchema } from '../../blueprints/generateJsonSchema';
import { consoleStyles } from '../layout/consoleStyles';
import { base } from '../webEnv';
import { drawDiagramsScript } from './drawDiagramsScript';
import { flowEditorBundle } from './flowEditorBundle';
import { livePairingScript } from './livePairingScript';
import { liveThreadScript } from './liveThreadScript';
import { simulatorScript } from './simulatorScript';

const require = createRequire(import.meta.url);
let mermaidSource: Promise<Buffer> | undefined;
let flowSchema: string | undefined;

const cached = { 'cache-control': 'public, max-age=3600' };

/** The console's stylesheet and scripts, served by the app itself (never from a CDN). */
export function assetRoutes(): Hono {
  const app = new Hono();
  app.get(`${base}/assets/console.css`, (c) => c.body(consoleStyles, 200, { ...cached, 'content-type': 'text/css; charset=utf-8' }));
  app.get(`${base}/assets/mermaid.min.js`, async (c) => {
    mermaidSource ??= readFile(require.resolve('mermaid/dist/mermaid.min.js'));
    return c.body(new Uint8Array(await mermaidSource), 200, { ...cached, 'content-type': 'text/javascript; charset=utf-8' });
  });
  app.get(`${base}/assets/flow-editor.js`, async (c) => c.body(await flowEditorBundle(), 200, { ...cached, 'content-type': 'text/javascript; charset=utf-8' }));
  // The published JSON Schema of flow files (flows/schema.json, `npm run flows -- schema`): the editor's completion and hover.
  app.get(`${base}/assets/flow-schema.json`, (c) => c.body((flowSchema ??= generateJsonSchema()), 200, { ...cached, 'content-type': 'application/schema+json; charset=utf-8' }));
  app.get(`${base}/assets/diagrams.js`, (c) => c.body(drawDiagramsScript, 200, { ...cached, 'content-type': 'text/javascript; charset=utf-8' }));
  app.get(`${base}/assets/live-thread.js`, (c) => c.body(liveThreadScript, 200, { ...cached, 'content-type': 'text/javascript; charset=utf-8' }));
  app.get(`${base}/assets/live-pairing.js`, (c) => c.body(livePairingScript, 200, { ...cached, 'content-type': 'text/javascript; charset=utf-8' }));
  app.get(`${base}/assets/simulator.js`, (c) => c.body(simulatorScript, 200, { ...cached, 'content-type': 'text/javascript; charset=utf-8' }));
  return app;
}

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);

/** Swagger UI's files, served from node_modules (swagger-ui-dist, pinned): never a CDN script on this origin. */
const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};
const loaded = new Map<string, Promise<Buffer>>();

const initializer = `window.addEventListener('load', () => { window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' }); });\n`;

const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Coaching engine API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs.js"></script></body>
</html>`;

/** Swagger UI adds inline styles; its scripts, the spec and everything else come from this origin only. */
const pagePolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";
const cached = { 'cache-control': 'public, max-age=3600' };

/** `/docs`: Swagger UI on `/openapi.json`, its files served locally under `/docs/assets/`. */
export function docsRoutes(): Hono {
  const app = new Hono();
  app.get('/docs', (c) => c.html(page, 200, { 'content-security-policy': pagePolicy }));
  app.get('/docs/assets/docs.js', (c) => c.body(initializer, 200, { ...cached, 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/docs/assets/:file', async (c) => {
    const file = c.req.param('file');
    const type = assets[file];
    if (!type) return c.notFound();
    let source = loaded.get(file);
    if (!source) {
      source = readFile(require.resolve(`swagger-ui-dist/${file}`));
      loaded.set(file, source);
    }
    return c.body(new Uint8Array(await source), 200, { ...cached, 'content-type': type });
  });
  return app;
}

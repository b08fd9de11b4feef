import type { MiddlewareHandler } from 'hono';

// Scripts only from the app (mermaid and the console's own files); mermaid writes inline styles.
const policy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** Security headers of every console response: CSP, no framing, no sniffing, no referrer leaks, no caching of pages. */
export function securePages(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('content-security-policy', policy);
    c.res.headers.set('x-content-type-options', 'nosniff');
    c.res.headers.set('x-frame-options', 'DENY');
    if (!c.res.headers.has('referrer-policy')) c.res.headers.set('referrer-policy', 'same-origin');
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  };
}

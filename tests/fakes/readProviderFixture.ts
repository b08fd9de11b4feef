import { readFileSync } from 'node:fs';

/** Read a file from tests/fixtures/providers, e.g. `twilio/inbound-text.form`. */
export function readProviderFixture(relativePath: string): string {
  return readFileSync(new URL(`../fixtures/providers/${relativePath}`, import.meta.url), 'utf8');
}

/** Read and JSON-parse a fixture. */
export function readProviderJson(relativePath: string): unknown {
  return JSON.parse(readProviderFixture(relativePath));
}

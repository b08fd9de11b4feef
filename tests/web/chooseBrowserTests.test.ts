import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseBrowserTests } from '../support/chooseBrowserTests';

const nothingExists = () => false;
const onlyDebianChromium = (path: string) => path === '/usr/bin/chromium';

describe('browser tests without a browser', () => {
  it("run with Debian's chromium, or with CHROMIUM_PATH when that exists", () => {
    expect(chooseBrowserTests({}, onlyDebianChromium)).toEqual({ tag: { name: 'browser', description: 'drives chromium (/usr/bin/chromium)' } });
    expect(chooseBrowserTests({ CHROMIUM_PATH: '/opt/chromium' }, (path) => path === '/opt/chromium').tag.skip).toBeUndefined();
  });

  it('are skipped outside CI when the browser is missing, with one line saying how to enable them', () => {
    expect(chooseBrowserTests({}, nothingExists)).toEqual({
      tag: { name: 'browser', description: 'drives chromium (/usr/bin/chromium)', skip: true },
      note: "Browser tests skipped: no chromium at /usr/bin/chromium (install Debian's chromium, or set CHROMIUM_PATH to a Chromium binary).",
    });
    expect(chooseBrowserTests({ CHROMIUM_PATH: '/opt/chromium' }, onlyDebianChromium).note).toContain('no chromium at /opt/chromium');
  });

  it('run in CI even when the browser is missing (so they fail there)', () => {
    expect(chooseBrowserTests({ CI: '1' }, nothingExists)).toEqual({ tag: { name: 'browser', description: 'drives chromium (/usr/bin/chromium)' } });
  });
});

it('every test file that starts a browser carries the browser tag (else it fails where chromium is missing)', () => {
  const files = readdirSync('tests', { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.test.ts'));
  const browserFiles = files.filter((file) => /\b(launchBrowser|useSignedInAdmin)\(/.test(readFileSync(join('tests', file), 'utf8')));
  expect(browserFiles.length).toBeGreaterThan(0);
  expect(browserFiles.filter((file) => !readFileSync(join('tests', file), 'utf8').startsWith('// @module-tag browser\n'))).toEqual([]);
});

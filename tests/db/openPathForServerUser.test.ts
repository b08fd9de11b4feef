import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPathForServerUser } from '../../src/db/embedded/openPathForServerUser';

const top = mkdtempSync(join(tmpdir(), 'coaching-open-path-'));
afterAll(() => rmSync(top, { recursive: true, force: true }));

describe('openPathForServerUser (the embedded server as root runs as postgres)', () => {
  it('adds the pass-through bit to each closed folder above the data and the programs, once, and changes nothing else', () => {
    const home = join(top, 'home');
    const data = join(home, 'clone', '.data');
    const programs = join(home, 'clone', 'node_modules', 'bin');
    mkdirSync(data, { recursive: true, mode: 0o700 });
    mkdirSync(programs, { recursive: true, mode: 0o700 });

    const opened = openPathForServerUser([data, programs]);

    for (const folder of [top, home, join(home, 'clone'), data, programs]) {
      expect(opened).toContain(folder);
      expect(statSync(folder).mode & 0o007).toBe(0o001);
    }
    expect(new Set(opened).size).toBe(opened.length);
    expect(openPathForServerUser([data, programs])).toEqual([]);
  });
});

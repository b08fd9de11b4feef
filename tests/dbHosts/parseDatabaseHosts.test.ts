import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/loadConfig';
import { parseDatabaseHosts } from '../../src/dbHosts/parseDatabaseHosts';

describe("a DATABASE_URL with libpq's host list", () => {
  it('gives each host, in order, a URL pg can parse, without target_session_attrs', () => {
    const parsed = parseDatabaseHosts('postgres://coach:s%40cret@db1.internal:5433,db2.internal,[::1]:6000/engine?target_session_attrs=read-write&sslmode=require');
    expect(parsed.readWrite).toBe(true);
    expect(parsed.hosts).toEqual([{ host: 'db1.internal', port: 5433 }, { host: 'db2.internal', port: 5432 }, { host: '::1', port: 6000 }]);
    expect(parsed.hosts.map(parsed.urlFor)).toEqual([
      'postgres://coach:s%40cret@db1.internal:5433/engine?sslmode=require',
      'postgres://coach:s%40cret@db2.internal:5432/engine?sslmode=require',
      'postgres://coach:s%40cret@[::1]:6000/engine?sslmode=require',
    ]);
    for (const url of parsed.hosts.map(parsed.urlFor)) expect(URL.canParse(url)).toBe(true);
  });

  it('accepts any server without target_session_attrs', () => {
    const parsed = parseDatabaseHosts('postgresql://h1:1,h2:2/db');
    expect(parsed.readWrite).toBe(false);
    expect(parsed.urlFor(parsed.hosts[1])).toBe('postgresql://h2:2/db');
  });

  it.each([
    ['postgres://u@h1:5432,:5433/db', "':5433' is not a host[:port]"],
    ['postgres://u@h1:5432,h2:99999/db', "'h2:99999' is not a host[:port]"],
    ['postgres://u@h1,h2/db?target_session_attrs=standby', "target_session_attrs 'standby' is not supported"],
    ['mysql://u@h1,h2/db', 'must look like postgres://'],
  ])('refuses %s, saying why', (url, reason) => {
    expect(() => parseDatabaseHosts(url)).toThrow(reason);
  });

  it('is accepted by the configuration, and a broken one is refused naming the variable', () => {
    const list = 'postgres://postgres@127.0.0.1:5433,127.0.0.1:5434/engine?target_session_attrs=read-write';
    expect(configSchema.safeParse({ DATABASE_URL: list, DATABASE_DIRECT_URL: list }).success).toBe(true);
    const broken = configSchema.safeParse({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5433,/engine' });
    expect(broken.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['DATABASE_URL']);
    expect(configSchema.safeParse({ DATABASE_URL: 'http://127.0.0.1/engine' }).error?.issues[0].message).toBe('must be a postgres:// URL');
  });
});

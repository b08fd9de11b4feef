import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/loadConfig';

describe('DATABASE_POOL_SIZE', () => {
  it('is refused below 2, naming the variable, since start-up migrates on two connections', () => {
    const env = { DATABASE_URL: 'postgres://x@localhost/x' };
    expect(() => loadConfig({ ...env, DATABASE_POOL_SIZE: '1' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, DATABASE_POOL_SIZE: '1' })).toThrow(/DATABASE_POOL_SIZE: must be at least 2/);
    expect(loadConfig({ ...env, DATABASE_POOL_SIZE: '2' }).DATABASE_POOL_SIZE).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/loadConfig';

const env = { DATABASE_URL: 'postgres://x@db:5432/x', ENCRYPTION_KEY: 'k'.repeat(44) };

describe('OUTBOUND_ALLOWED_NETWORKS', () => {
  it('allows no network unless the operator lists some', () => {
    expect(loadConfig(env).OUTBOUND_ALLOWED_NETWORKS).toEqual([]);
    expect(loadConfig({ ...env, OUTBOUND_ALLOWED_NETWORKS: ' 10.20.0.0/16, fd00:20::/32 ,' }).OUTBOUND_ALLOWED_NETWORKS).toEqual(['10.20.0.0/16', 'fd00:20::/32']);
  });

  it('stops the start on a network not in CIDR form, naming the variable', () => {
    for (const value of ['10.0.0.0', '10.0.0.0/33', 'intranet', '0x7f.1/8']) {
      expect(() => loadConfig({ ...env, OUTBOUND_ALLOWED_NETWORKS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ ...env, OUTBOUND_ALLOWED_NETWORKS: value })).toThrow(/OUTBOUND_ALLOWED_NETWORKS.*CIDR form/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { defineNamedTenantStatement } from '../../src/hotPath/namedTenantStatement';
import { defineSystemStatement, SystemStatementError } from '../../src/hotPath/systemStatement';
import { TenantStatementError } from '../../src/hotPath/tenantStatement';

describe("statements written with the ORM path's :name parameters", () => {
  it('as tenant statements: :organization_id is $1 (bound by the session), the others $2… in order of first use, casts left alone', () => {
    const named = defineNamedTenantStatement('test_named', 'select :worker::uuid as w, :at::timestamptz as a, :worker as again from workers where organization_id = :organization_id');
    expect(named.statement.text).toBe('select $2::uuid as w, $3::timestamptz as a, $2 as again from workers where organization_id = $1');
    expect(named.values({ at: null, worker: 'w-1' })).toEqual(['w-1', null]);
    expect(() => named.values({ worker: 'w-1' })).toThrow(/:at/);
    expect(() => defineNamedTenantStatement('test_unscoped', 'select id from workers where id = :worker')).toThrow(TenantStatementError);
  });

  it('as system statements: refused when they expect an organization from a session, else $1… in order of first use', () => {
    expect(() => defineSystemStatement('test_scoped', 'test', 'select id from workers where organization_id = :organization_id')).toThrow(SystemStatementError);
    expect(() => defineSystemStatement('Test-Name', 'test', 'select 1')).toThrow(/snake_case/);
    const system = defineSystemStatement('test_system', 'test', 'update messages set status = :status where id = any(:ids::uuid[]) and status <> :status');
    expect(system.prepared.text).toBe('update messages set status = $1 where id = any($2::uuid[]) and status <> $1');
    expect(system.values({ ids: '{}', status: 'queued' })).toEqual(['queued', '{}']);
  });
});

import { describe, expect, it } from 'vitest';
import { createSignInThrottle } from '../../src/web/auth/signInThrottle';

describe('the sign-in throttle', () => {
  it("counts an email's failures per client, and stops one client guessing over many emails", () => {
    const throttle = createSignInThrottle({ maxFailuresPerAccount: 3, maxFailuresPerClient: 5, windowMs: 1_000 });
    for (let i = 0; i < 3; i++) throttle.failed('ann@example.test', '203.0.113.7', 0);
    expect(throttle.refusal('ann@example.test', '203.0.113.7', 0)).toBe('account');
    expect(throttle.refusal('ann@example.test', '198.51.100.2', 0)).toBeUndefined();
    expect(throttle.refusal('bob@example.test', '203.0.113.7', 0)).toBeUndefined();

    for (let i = 0; i < 2; i++) throttle.failed(`guess${i}@example.test`, '203.0.113.7', 0);
    expect(throttle.refusal('bob@example.test', '203.0.113.7', 0)).toBe('client');
    // A right password for one account does not reset the client's own count.
    throttle.succeeded('bob@example.test', '203.0.113.7');
    expect(throttle.refusal('carol@example.test', '203.0.113.7', 999)).toBe('client');
    expect(throttle.refusal('carol@example.test', '203.0.113.7', 1_000)).toBeUndefined();
  });
});

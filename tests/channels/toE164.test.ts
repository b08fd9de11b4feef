import { describe, expect, it } from 'vitest';
import { toE164 } from '../../src/channels/toE164';

describe('toE164', () => {
  it.each([
    ['whatsapp:+15550001234', '+15550001234'],
    ['15550001234', '+15550001234'],
    ['+15550001234', '+15550001234'],
    ['whatsapp:abc', undefined],
    ['+0123', undefined],
  ])('%s → %s', (input, output) => {
    expect(toE164(input)).toBe(output);
  });
});

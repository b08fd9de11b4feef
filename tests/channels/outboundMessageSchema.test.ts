import { describe, expect, it } from 'vitest';
import { outboundMessageSchema } from '../../src/channels/channelTypes';

const choices = [
  { id: 'calm', title: 'Calm' },
  { id: 'stressed', title: 'Stressé' },
];
describe('outboundMessageSchema', () => {
  it('needs text, media or a template, and text for choices', () => {
    expect(outboundMessageSchema.safeParse({ to: '+15550001234' }).success).toBe(false);
    expect(
      outboundMessageSchema.safeParse({ to: '+15550001234', media: { kind: 'image', url: 'https://x.test/a.jpg' }, choices: { presentation: 'list', options: choices } }).success,
    ).toBe(false);
    expect(outboundMessageSchema.safeParse({ to: '+15550001234', text: 'hi', choices: { presentation: 'list', options: choices } }).success).toBe(true);
    expect(outboundMessageSchema.safeParse({ to: '15550001234', text: 'hi' }).success).toBe(false);
  });
});

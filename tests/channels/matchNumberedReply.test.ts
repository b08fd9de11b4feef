import { describe, expect, it } from 'vitest';
import { matchNumberedReply } from '../../src/channels/matchNumberedReply';

const choices = [
  { id: 'calm', title: 'Calm' },
  { id: 'stressed', title: 'Stressé' },
];
describe('matchNumberedReply', () => {
  it.each([
    ['1', 'calm'],
    [' 2. ', 'stressed'],
    ['2)', 'stressed'],
    ['calm', 'calm'],
    ['STRESSE', 'stressed'],
  ])('maps %j', (text, id) => {
    expect(matchNumberedReply(text, choices)?.id).toBe(id);
  });

  it.each(['3', '0', 'maybe', ''])('matches nothing for %j', (text) => {
    expect(matchNumberedReply(text, choices)).toBeUndefined();
  });
});

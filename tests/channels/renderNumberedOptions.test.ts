import { describe, expect, it } from 'vitest';
import { renderNumberedOptions } from '../../src/channels/renderNumberedOptions';

const choices = [
  { id: 'calm', title: 'Calm' },
  { id: 'stressed', title: 'Stressé' },
];
describe('renderNumberedOptions', () => {
  it('appends numbered lines after a blank line', () => {
    expect(renderNumberedOptions('How do you feel?', choices)).toBe('How do you feel?\n\n1. Calm\n2. Stressé');
  });

  it('renders the lines alone when there is no text', () => {
    expect(renderNumberedOptions('', choices)).toBe('1. Calm\n2. Stressé');
  });
});

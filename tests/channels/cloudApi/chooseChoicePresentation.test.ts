import { describe, expect, it } from 'vitest';
import { chooseChoicePresentation } from '../../../src/channels/cloudApi/chooseChoicePresentation';

const opts = (n: number, title = 'Short') => Array.from({ length: n }, (_, i) => ({ id: `o${i}`, title }));

describe('chooseChoicePresentation', () => {
  it.each([
    ['buttons that fit', { presentation: 'buttons', options: opts(3) }, 'Q?', 'buttons'],
    ['a list wish that fits', { presentation: 'list', options: opts(2) }, 'Q?', 'list'],
    ['buttons, 4 options', { presentation: 'buttons', options: opts(4) }, 'Q?', 'list'],
    ['buttons, 11 options', { presentation: 'buttons', options: opts(11) }, 'Q?', 'numbered'],
    ['a row title of 25 characters', { presentation: 'list', options: opts(2, 'x'.repeat(25)) }, 'Q?', 'numbered'],
    ['a body over 1024 characters', { presentation: 'buttons', options: opts(2) }, 'x'.repeat(1025), 'numbered'],
    ['an empty body', { presentation: 'buttons', options: opts(2) }, '', 'numbered'],
    ['a row id over 200 characters', { presentation: 'list', options: [{ id: 'i'.repeat(201), title: 'A' }] }, 'Q?', 'numbered'],
    ['numbered', { presentation: 'numbered', options: opts(2) }, 'Q?', 'numbered'],
  ] as const)('%s', (_label, choices, body, expected) => {
    expect(chooseChoicePresentation({ ...choices, options: [...choices.options] }, body)).toBe(expected);
  });
});

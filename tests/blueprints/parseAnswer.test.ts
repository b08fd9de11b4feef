import { describe, expect, it } from 'vitest';
import { parseAnswer, parseWellBeing } from '../../src/blueprints/parseAnswer';

const options = [
  { id: 'knees', titles: ['Bend my knees', 'Doblo las rodillas'] },
  { id: 'back', titles: ['Bend my back', 'Doblo la espalda'] },
  { id: 'twist', titles: ['Twist and lift', 'Giro y levanto'] },
];

describe('parseAnswer', () => {
  it('reads option letters in either case, with punctuation', () => {
    expect(parseAnswer('a', options)).toEqual({ kind: 'option', optionId: 'knees', via: 'letter' });
    expect(parseAnswer('B', options)).toEqual({ kind: 'option', optionId: 'back', via: 'letter' });
    expect(parseAnswer(' c) ', options)).toEqual({ kind: 'option', optionId: 'twist', via: 'letter' });
  });

  it('reads option numbers', () => {
    expect(parseAnswer('1', options)).toMatchObject({ optionId: 'knees', via: 'number' });
    expect(parseAnswer('3.', options)).toMatchObject({ optionId: 'twist', via: 'number' });
  });

  it('reads option text in any language, ignoring case and accents', () => {
    expect(parseAnswer('bend my KNEES', options)).toMatchObject({ optionId: 'knees', via: 'text' });
    expect(parseAnswer('doblo la ESPALDA!', options)).toMatchObject({ optionId: 'back', via: 'text' });
    expect(parseAnswer('Gíro y levantó', options)).toMatchObject({ optionId: 'twist', via: 'text' });
  });

  it('prefers an interactive reply id', () => {
    expect(parseAnswer('Twist and lift', options, 'back')).toEqual({ kind: 'option', optionId: 'back', via: 'replyId' });
  });

  it('ignores an unknown reply id and falls back to the text', () => {
    expect(parseAnswer('1', options, 'nope')).toMatchObject({ optionId: 'knees' });
  });

  it('does not understand garbage, out-of-range numbers or letters, or empty text', () => {
    for (const text of ['zzz', '4', '0', 'd', '', '   ', '🙂', 'bend']) {
      expect(parseAnswer(text, options)).toEqual({ kind: 'unrecognized' });
    }
  });
});

describe('parseAnswer with near misses', () => {
  const schedule = [
    { id: 'app', titles: ['Team app', 'App del equipo'] },
    { id: 'board', titles: ['Break room board', 'Tablero del comedor'] },
    { id: 'ask', titles: ['Ask a colleague', 'Pregunto a un colega'] },
  ];

  it('accepts a typo, an article around the option text, and number words in the flows\' languages', () => {
    expect(parseAnswer('team app.', schedule)).toMatchObject({ optionId: 'app' });
    expect(parseAnswer('teem app', schedule)).toEqual({ kind: 'option', optionId: 'app', via: 'nearText' });
    expect(parseAnswer('La app del equipo', schedule)).toEqual({ kind: 'option', optionId: 'app', via: 'nearText' });
    expect(parseAnswer('the team app', schedule)).toMatchObject({ optionId: 'app', via: 'nearText' });
    expect(parseAnswer('ask a coleague', schedule)).toMatchObject({ optionId: 'ask', via: 'nearText' });
    expect(parseAnswer('uno', schedule)).toEqual({ kind: 'option', optionId: 'app', via: 'number' });
    expect(parseAnswer('Two', schedule)).toMatchObject({ optionId: 'board', via: 'number' });
    expect(parseAnswer('tercera', schedule)).toMatchObject({ optionId: 'ask', via: 'number' });
    expect(parseAnswer('mbili', schedule)).toMatchObject({ optionId: 'board', via: 'number' });
  });

  it('stops at the typo allowance and at words that change the meaning', () => {
    expect(parseAnswer('tem ap', schedule)).toEqual({ kind: 'unrecognized' });
    expect(parseAnswer('not the team app', schedule)).toEqual({ kind: 'unrecognized' });
    expect(parseAnswer('four', schedule)).toEqual({ kind: 'unrecognized' });
  });

  it('does not guess when the answer is near several options', () => {
    const close = [
      { id: 'red-box', titles: ['Red box'] },
      { id: 'red-fox', titles: ['Red fox'] },
    ];
    expect(parseAnswer('red box', close)).toMatchObject({ optionId: 'red-box', via: 'text' });
    expect(parseAnswer('red bx', close)).toMatchObject({ optionId: 'red-box', via: 'nearText' });
    expect(parseAnswer('red cox', close)).toEqual({ kind: 'unrecognized' });
    expect(parseAnswer('bend my knees back', options)).toEqual({ kind: 'unrecognized' });
  });
});

describe('parseWellBeing', () => {
  it('reads 1 to 5 from text or a reply id', () => {
    expect(parseWellBeing('4')).toBe(4);
    expect(parseWellBeing('2 - tired')).toBe(2);
    expect(parseWellBeing('', '5')).toBe(5);
  });

  it('rejects anything else', () => {
    expect(parseWellBeing('6')).toBeNull();
    expect(parseWellBeing('good')).toBeNull();
    expect(parseWellBeing('0')).toBeNull();
  });
});

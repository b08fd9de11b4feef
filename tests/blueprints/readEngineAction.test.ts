import { describe, expect, it } from 'vitest';
import { readEngineAction } from '../../src/blueprints/readEngineAction';

describe('readEngineAction', () => {
  const params = { key: 'q1', scope: 'touchpoint', status: 'completed' };

  it('reads an action once per params object and answers the same reading to every consumer', () => {
    const first = readEngineAction({ type: 'recordProgress', params });
    expect(first).toEqual({ type: 'recordProgress', params });
    expect(readEngineAction({ type: 'recordProgress', params })).toBe(first);
  });

  it('reads the same params again under another type, and refuses them when they do not fit it', () => {
    readEngineAction({ type: 'recordProgress', params });
    expect(() => readEngineAction({ type: 'recordScore', params })).toThrow();
  });

  it('refuses an action that is not an engine action', () => {
    expect(() => readEngineAction({ type: 'recordProgress', params: { key: 'q1' } })).toThrow();
    expect(() => readEngineAction({ type: 'noSuchAction' })).toThrow();
  });
});

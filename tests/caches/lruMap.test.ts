import { describe, expect, it } from 'vitest';
import { LruMap } from '../../src/caches/LruMap';

describe('LruMap', () => {
  it('drops the least recently written entry beyond its capacity', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('c', 3);
    expect(map.size).toBe(2);
    expect(map.get('a')).toBeUndefined();
    expect(map.get('b')).toBe(2);
    expect(map.get('c')).toBe(3);
  });

  it('counts a read as a use, so the entry read last survives the next write', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(1);
  });

  it('rewrites a key in place without dropping another, and keeps falsy values', () => {
    const map = new LruMap<string, boolean>(2);
    map.set('a', false).set('b', true).set('a', true);
    expect(map.size).toBe(2);
    expect(map.get('b')).toBe(true);
    map.set('c', false);
    expect(map.get('a')).toBeUndefined();
    expect(map.get('c')).toBe(false);
  });

  it('refuses a capacity below one', () => {
    expect(() => new LruMap(0)).toThrow(/capacity of at least 1/);
    expect(() => new LruMap(1.5)).toThrow(/capacity of at least 1/);
  });
});

import { describe, expect, it } from 'vitest';
import { compileBlueprint } from '../../src/blueprints/compileBlueprint';
import { validateFlowFile } from '../../src/blueprints/validateFlow';

describe('the compiled machines cache', () => {
  it('keeps the 256 most recently used machines and recompiles an evicted one to an equal machine', () => {
    const doc = validateFlowFile('flows/onboarding.yaml').doc;
    if (!doc) throw new Error('no document');
    const first = compileBlueprint(doc, { versionId: 'cache-test-first' });
    const kept = compileBlueprint(doc, { versionId: 'cache-test-kept' });
    for (let i = 0; i < 255; i++) {
      compileBlueprint(doc, { versionId: `cache-test-${i}` });
      // Used again all along: the most recent, never the one dropped.
      expect(compileBlueprint(doc, { versionId: 'cache-test-kept' })).toBe(kept);
    }
    const again = compileBlueprint(doc, { versionId: 'cache-test-first' });
    expect(again).not.toBe(first);
    expect(JSON.stringify(again.definition)).toBe(JSON.stringify(first.definition));
    expect(compileBlueprint(doc, { versionId: 'cache-test-kept' })).toBe(kept);
  });
});

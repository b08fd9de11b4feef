import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { compileBlueprint, compileBlueprintUncached } from '../../src/blueprints/compileBlueprint';
import { generateJsonSchema } from '../../src/blueprints/generateJsonSchema';
import { renderMermaid } from '../../src/blueprints/renderMermaid';
import { validateFlowFile, validateFlowSource } from '../../src/blueprints/validateFlow';
import { formatIssue } from '../../src/blueprints/flowIssue';
import { engineActionSchema } from '../../src/blueprints/machineContract';
import type { WorkerFacts } from '../../src/blueprints/machineContract';

const EXAMPLES = ['flows/onboarding.yaml', 'flows/wellbeing-checkin.yaml', 'flows/safety-training.yaml'];
const worker: WorkerFacts = {
  firstName: 'Lucía',
  language: 'es',
  timezone: 'America/Bogota',
  enrolledAt: Date.UTC(2026, 0, 5, 13),
  attributes: { shift: 'night' },
  segments: ['warehouse'],
  variants: {},
  badges: [],
};

describe.each(EXAMPLES)('example %s', (file) => {
  const result = validateFlowFile(file);

  it('validates without errors or warnings', () => {
    expect(result.issues.map(formatIssue)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('declares English and Spanish and names a template for every message that can open a conversation', () => {
    const doc = result.doc;
    if (!doc) throw new Error('no document');
    expect(doc.blueprint.languages).toEqual(expect.arrayContaining(['en', 'es']));
    const touchpoints = doc.phases.flatMap((p) => p.touchpoints);
    for (const tp of touchpoints) {
      if (tp.wait) expect(tp.template, `${tp.key} is paced`).toBeDefined();
      if (tp.type !== 'text' && tp.type !== 'media' && tp.reminders) expect(tp.reminders.template, `${tp.key} reminder`).toBeDefined();
    }
    expect(touchpoints[0].template).toBeDefined();
  });

  it('compiles to equal machines, cached by version id', () => {
    const doc = result.doc;
    if (!doc) throw new Error('no document');
    const a = compileBlueprintUncached(doc);
    const b = compileBlueprintUncached(doc);
    expect(JSON.stringify(a.config)).toBe(JSON.stringify(b.config));
    expect(JSON.stringify(a.definition)).toBe(JSON.stringify(b.definition));
    expect(compileBlueprint(doc, { versionId: `${file}@1` })).toBe(compileBlueprint(doc, { versionId: `${file}@1` }));
    expect(compileBlueprint(doc)).toBe(compileBlueprint(structuredClone(doc)));
  });

  it('emits only contract actions, and its snapshots survive JSON', () => {
    const doc = result.doc;
    if (!doc) throw new Error('no document');
    const machine = compileBlueprint(doc);
    const [snapshot, actions] = initialTransition(machine, { worker, at: worker.enrolledAt });
    for (const action of actions) {
      if (!action.type.startsWith('xstate.')) expect(() => engineActionSchema.parse({ type: action.type, params: action.params })).not.toThrow();
    }
    const restored = machine.resolveState(JSON.parse(JSON.stringify(snapshot)));
    expect(restored.value).toEqual(snapshot.value);
    expect(restored.context).toEqual(snapshot.context);
    const event = { type: 'ANSWER' as const, text: '1', at: worker.enrolledAt + 1000 };
    expect(transition(machine, restored, event)[0].value).toEqual(transition(machine, snapshot, event)[0].value);
  });

  it('draws a Mermaid state diagram with phases as composite states', () => {
    const doc = result.doc;
    if (!doc) throw new Error('no document');
    const diagram = renderMermaid(compileBlueprint(doc), doc);
    expect(diagram.startsWith('stateDiagram-v2\n')).toBe(true);
    for (const phase of doc.phases) expect(diagram).toContain(` as ${phase.key.replace(/[^A-Za-z0-9_]/g, '_')} {`);
    expect(diagram).toContain('journey_end --> [*]');
  });

  it('writes every edge into another phase at the top level, so no phase is drawn inside another', () => {
    const doc = result.doc;
    if (!doc) throw new Error('no document');
    let phase: string | undefined;
    const strays: string[] = [];
    for (const line of renderMermaid(compileBlueprint(doc), doc).split('\n')) {
      const opened = /^ {2}state ".*" as (\w+) \{$/.exec(line);
      if (opened) phase = opened[1];
      else if (line === '  }') phase = undefined;
      else if (phase && line.includes('-->')) {
        const nodes = line.trim().split(' : ')[0].split(' --> ');
        if (nodes.some((node) => node !== '[*]' && !node.startsWith(`${phase}__`))) strays.push(line.trim());
      }
    }
    expect(strays).toEqual([]);
  });
});

describe('flows/README.md', () => {
  it('has a complete example that validates', () => {
    const readme = readFileSync('flows/README.md', 'utf8');
    const from = readme.indexOf('```yaml\n', readme.indexOf('## A complete example')) + '```yaml\n'.length;
    const example = readme.slice(from, readme.indexOf('```', from));
    const result = validateFlowSource(example, 'flows/README.md');
    expect(result.issues.map(formatIssue)).toEqual([]);
  });
});

describe('flows/schema.json', () => {
  it('is generated from the zod schema and current (run `npm run flows -- schema`)', () => {
    expect(readFileSync('flows/schema.json', 'utf8')).toBe(generateJsonSchema());
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFlowSource } from '../../src/blueprints/validateFlow';
import { formatIssue } from '../../src/blueprints/flowIssue';
import type { FlowIssue } from '../../src/blueprints/flowIssue';

const FILE = 'flows/broken.yaml';

/** A small valid flow; tests replace parts of it. */
const VALID = `blueprint:
  key: broken
  title: Broken on purpose
  purpose: Tests of validation messages.
  defaultLanguage: en
  languages: [en, es]
phases:
  - key: intro
    title: { en: Intro, es: Intro }
    touchpoints:
      - key: hello
        type: text
        text: { en: "Hi {{first_name}}", es: "Hola {{first_name}}" }
      - key: q1
        type: quiz
        text: { en: Ready?, es: ¿Listo? }
        options:
          - id: yes
            text: { en: Yes, es: Sí }
            correct: true
          - id: no
            text: { en: No, es: No }
      - key: bye
        type: text
        text: { en: Bye, es: Adiós }
`;

/** 1-based line and column of the first occurrence of `needle` (after `after`, if given). */
function position(source: string, needle: string, after = ''): { line: number; column: number } {
  const offset = source.indexOf(needle, after ? source.indexOf(after) : 0);
  if (offset < 0) throw new Error(`needle not found: ${needle}`);
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function issuesOf(source: string, code: string): FlowIssue[] {
  return validateFlowSource(source, FILE).issues.filter((i) => i.code === code);
}

describe('validation messages', () => {
  it('accepts the base flow', () => {
    const result = validateFlowSource(VALID, FILE);
    expect(result.issues.map(formatIssue)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('reports a duplicate YAML key where the second one is', () => {
    const source = VALID.replace('  title: Broken on purpose\n', '  title: Broken on purpose\n  title: Again\n');
    const [issue] = issuesOf(source, 'duplicate-key');
    expect(issue).toMatchObject({ severity: 'error', ...position(source, 'title: Again') });
    expect(formatIssue(issue)).toBe("error: key 'title' in flows/broken.yaml:4:3 appears twice in the same mapping: remove or rename one [(document)]");
  });

  it('reports a missing field at its parent, saying what to add', () => {
    const source = VALID.replace('        text: { en: Bye, es: Adiós }\n', '');
    const [issue] = issuesOf(source, 'schema');
    expect(issue).toMatchObject({ path: 'phases[0].touchpoints[2].text', ...position(source, 'key: bye') });
    expect(issue.message).toBe('is missing: add `text: { en: ..., es: ... }`');
  });

  it('reports an unknown touchpoint type with the allowed ones', () => {
    const source = VALID.replace('type: quiz', 'type: quizz');
    const [issue] = issuesOf(source, 'schema');
    expect(issue).toMatchObject({ path: 'phases[0].touchpoints[1].type', ...position(source, 'quizz') });
    expect(issue.message).toBe('is not a known type: use one of text, media, question, quiz, reflection, wellbeing');
  });

  it('reports an unknown field at the field itself', () => {
    const source = VALID.replace('  languages: [en, es]\n', '  languages: [en, es]\n  colour: red\n');
    const [issue] = issuesOf(source, 'schema');
    expect(issue).toMatchObject(position(source, 'colour'));
    expect(issue.message).toBe('has unknown field `colour`: remove or fix the spelling');
  });

  it('explains a text split by an unquoted comma', () => {
    const source = VALID.replace('{ en: Bye, es: Adiós }', '{ en: Bye, see you, es: Adiós }');
    const [issue] = issuesOf(source, 'schema');
    expect(issue).toMatchObject({ path: 'phases[0].touchpoints[2].text.see you', line: position(source, 'Bye, see you').line });
    expect(issue.message).toContain('quote a text that contains a comma');
  });

  it('reports an alias bomb as a YAML issue instead of throwing', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...['b', 'c', 'd', 'e'].map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcd'[i]}`).join(', ')}]`)].join('\n');
    const [issue] = issuesOf(`${VALID}${bomb}\n`, 'yaml');
    expect(issue).toMatchObject({ severity: 'error', line: 1, column: 1 });
    expect(issue.message).toContain('alias');
  });

  it('reports an alias inside the node its anchor names at the alias, instead of walking endless data', () => {
    for (const cycle of ['extra: &x\n  again: *x\n', 'extra: &x [1, *x]\n', 'extra: &x\n  key: x\n  <<: *x\n']) {
      const source = `${VALID}${cycle}`;
      const [issue] = issuesOf(source, 'yaml');
      expect(issue).toMatchObject({ severity: 'error', line: position(source, '*x').line });
      expect(issue.message).toContain('repeat without end');
    }
  });

  it('refuses a wait, reminder or timeout that would put a timer past what can be stored, and quiz points its column cannot hold', () => {
    const quiz = '        text: { en: Ready?, es: ¿Listo? }\n';
    const cases = [
      { add: '        wait: { duration: 99999999999999d }\n', code: 'too-long', path: 'phases[0].touchpoints[1].wait.duration', says: 'at most 1000000 days' },
      { add: '        wait: { day: 999999999, at: "09:00" }\n', code: 'too-long', path: 'phases[0].touchpoints[1].wait.day', says: 'a day up to 1000000' },
      { add: '        timeout: { after: 1000001d, then: end }\n', code: 'too-long', path: 'phases[0].touchpoints[1].timeout.after', says: 'at most 1000000 days' },
      { add: '        reminders: { after: 99999999999999999999999d, text: { en: R, es: R } }\n', code: 'too-long', path: 'phases[0].touchpoints[1].reminders.after', says: 'at most 1000000 days' },
      { add: '        points: 1000\n', code: 'too-many-points', path: 'phases[0].touchpoints[1].points', says: 'use at most 999' },
    ];
    for (const { add, code, path, says } of cases) {
      const source = VALID.replace(quiz, `${quiz}${add}`);
      const issues = validateFlowSource(source, FILE).issues.filter((i) => i.severity === 'error');
      expect(issues).toEqual([expect.objectContaining({ code, path, line: position(source, add.trim()).line })]);
      expect(issues[0].message).toContain(says);
    }
    expect(validateFlowSource(VALID.replace(quiz, `${quiz}        wait: { duration: 1000000d }\n        points: 999\n`), FILE).ok).toBe(true);
  });

  it('reports a YAML escape that makes U+0000 or a lone surrogate at the text holding it', () => {
    for (const escape of ['\\0', '\\ud800']) {
      const source = VALID.replace('{ en: Bye, es: Adiós }', `{ en: "By${escape}e", es: Adiós }`);
      const [issue] = issuesOf(source, 'schema');
      expect(issue).toMatchObject({ path: 'phases[0].touchpoints[2].text.en', line: position(source, '"By').line });
      expect(issue.message).toContain('U+0000');
    }
  });

  it('reports a quiz without a correct option, saying how to mark one', () => {
    const source = VALID.replace('            correct: true\n', '');
    const [issue] = issuesOf(source, 'no-correct-option');
    expect(formatIssue(issue)).toBe(
      `error: quiz 'q1' in flows/broken.yaml:${position(source, 'key: q1').line}:9 has no correct option: mark one with \`correct: true\` [phases[0].touchpoints[1]]`,
    );
  });

  it('reports a rule that goes to a touchpoint that does not exist', () => {
    const source = VALID.replace('          - id: no\n', '          - id: no\n').replace(
      '        text: { en: Ready?, es: ¿Listo? }\n',
      '        text: { en: Ready?, es: ¿Listo? }\n        rules:\n          - if: { correct: false }\n            goto: byee\n',
    );
    const [issue] = issuesOf(source, 'unknown-target');
    expect(issue).toMatchObject({ path: 'phases[0].touchpoints[1].rules[0].goto', ...position(source, 'byee') });
    expect(issue.message).toBe("goes to touchpoint 'byee', which does not exist: use one of hello, q1, bye");
  });

  it('reports a touchpoint that can never be reached', () => {
    const source = VALID.replace(
      '        text: { en: Ready?, es: ¿Listo? }\n',
      '        text: { en: Ready?, es: ¿Listo? }\n        rules:\n          - end: true\n',
    );
    const [issue] = issuesOf(source, 'unreachable');
    expect(issue).toMatchObject({ subject: "touchpoint 'bye'", ...position(source, 'key: bye') });
    expect(issue.message).toContain('can never be reached');
  });

  it('reports a loop that never reaches the end (static)', () => {
    const source = VALID.replace(
      "        text: { en: Bye, es: Adiós }\n",
      "        text: { en: Bye, es: Adiós }\n        rules:\n          - goto: q1\n",
    );
    const issues = issuesOf(source, 'never-finishes');
    expect(issues.map((i) => i.subject)).toEqual(["touchpoint 'q1'", "touchpoint 'bye'"]);
  });

  it('reports a journey that can never finish, found on the compiled machine with @xstate/graph', () => {
    // Statically the end is reachable, but the score can never reach 99.
    const source = VALID.replace(
      "        text: { en: Bye, es: Adiós }\n",
      "        text: { en: Bye, es: Adiós }\n        rules:\n          - if: { score: { gte: 99 } }\n            end: true\n          - goto: q1\n",
    );
    const issues = issuesOf(source, 'never-finishes');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0].message).toContain('found by exploring the compiled machine');
    expect(issues[0]).toMatchObject(position(source, 'key: q1'));
  });

  it('reports a loop that never waits for the worker', () => {
    const source = VALID.replace(
      '        text: { en: "Hi {{first_name}}", es: "Hola {{first_name}}" }\n',
      '        text: { en: "Hi {{first_name}}", es: "Hola {{first_name}}" }\n        rules:\n          - goto: bye\n',
    ).replace("        text: { en: Bye, es: Adiós }\n", "        text: { en: Bye, es: Adiós }\n        rules:\n          - goto: hello\n");
    const [issue] = issuesOf(source, 'instant-loop');
    expect(issue.message).toContain('hello → bye → hello');
  });

  it('reports an unknown variable at the text in that language', () => {
    const source = VALID.replace('"Hola {{first_name}}"', '"Hola {{nombre}}"');
    const [issue] = issuesOf(source, 'unknown-variable');
    expect(issue).toMatchObject({ subject: "variable '{{nombre}}'", path: 'phases[0].touchpoints[0].text.es', ...position(source, '"Hola {{nombre}}"') });
    expect(issue.message).toBe('does not exist: use one of first_name, score, max_score, badge, wellbeing');
  });

  it('reports a placeholder with a brace missing at the placeholder itself', () => {
    const source = VALID.replace('"Hola {{first_name}}"', '"Hola {{first_name}!"');
    const [issue] = issuesOf(source, 'malformed-placeholder');
    expect(issue).toMatchObject({ severity: 'error', subject: "placeholder '{{first_name}!'", path: 'phases[0].touchpoints[0].text.es', ...position(source, '{{first_name}!') });
    expect(issue.message).toContain('write {{first_name}}');
    expect(validateFlowSource(source, FILE).ok).toBe(false);
  });

  it('reports single-brace and extra-brace placeholders, and accepts well-formed ones', () => {
    for (const written of ['{first_name}}', '{first_name}', '{{{first_name}}', '{{first_name']) {
      const source = VALID.replace('"Hola {{first_name}}"', `"Hola ${written} y {{ score }}"`);
      expect(issuesOf(source, 'malformed-placeholder').map((i) => i.subject)).toEqual([`placeholder '${written}'`]);
    }
    expect(issuesOf(VALID.replace('"Hola {{first_name}}"', '"Hola {{first_name}}! {{ score }}/{{max_score}}"'), 'malformed-placeholder')).toEqual([]);
  });

  it('reports reference errors in the same run as schema errors', () => {
    const source = VALID.replace('  title: Broken on purpose\n', '  titel: Broken on purpose\n').replace(
      '        text: { en: Ready?, es: ¿Listo? }\n',
      '        text: { en: Ready?, es: ¿Listo? }\n        rules:\n          - if: { correct: false }\n            goto: byee\n',
    );
    const codes = validateFlowSource(source, FILE).issues.map((i) => i.code);
    expect(codes).toContain('schema');
    expect(issuesOf(source, 'unknown-target')).toMatchObject([{ path: 'phases[0].touchpoints[1].rules[0].goto', ...position(source, 'byee') }]);
  });

  it('reports one cause, with a hint, for a tab or an outdented key instead of a cascade', () => {
    const tab = VALID.replace('        type: quiz\n', '      \ttype: quiz\n');
    const [cause, ...rest] = validateFlowSource(tab, FILE).issues;
    expect(rest).toEqual([]);
    expect(cause).toMatchObject({ code: 'yaml', line: position(tab, 'type: quiz').line });
    expect(cause.message).toContain('indented with a tab');
    const outdented = VALID.replace('        type: quiz\n', '      type: quiz\n');
    const issues = validateFlowSource(outdented, FILE).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'yaml', line: position(outdented, 'type: quiz').line });
    expect(issues[0].message).toContain('indentation');
  });

  it('reports a missing translation', () => {
    const source = VALID.replace('{ en: Bye, es: Adiós }', '{ en: Bye }');
    const [issue] = issuesOf(source, 'missing-translation');
    expect(issue).toMatchObject({ path: 'phases[0].touchpoints[2].text', ...position(source, '{ en: Bye }') });
    expect(issue.message).toBe("has no 'es' translation: add `es: ...` (the blueprint declares en, es)");
  });

  it('warns when an option text is a reserved keyword, in any language', () => {
    const source = VALID.replace('{ en: No, es: No }', '{ en: Stop, es: Parar }');
    const issues = issuesOf(source, 'reserved-keyword');
    expect(issues.map((i) => i.severity)).toEqual(['warning', 'warning']);
    expect(issues[0]).toMatchObject(position(source, 'Stop'));
    expect(issues[1].message).toContain('reserved keyword STOP');
    expect(validateFlowSource(source, FILE).ok).toBe(true);
  });

  it('warns beyond WhatsApp interactive limits', () => {
    const long = 'An option title far longer than twenty-four characters';
    const source = VALID.replace('{ en: Yes, es: Sí }', `{ en: ${long}, es: Sí }`);
    const [issue] = issuesOf(source, 'interactive-limit');
    expect(issue.severity).toBe('warning');
    expect(issue.message).toContain('falls back to numbered options');
    expect(issue).toMatchObject(position(source, '- id: yes'));
  });

  it('validates every flow file of a folder, and names a missing path without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flows-'));
    writeFileSync(join(dir, 'a.yaml'), VALID);
    writeFileSync(join(dir, 'b.yml'), VALID.replace('            correct: true\n', ''));
    writeFileSync(join(dir, 'notes.txt'), 'not a flow');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/flows.ts', 'validate', dir], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`ok ${join(dir, 'a.yaml')}`);
    expect(run.stdout).toContain(`FAILED ${join(dir, 'b.yml')}`);
    expect(run.stdout).not.toContain('notes.txt');
    expect(run.status).toBe(1);

    const missing = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/flows.ts', 'validate', join(dir, 'nope.yaml')], { encoding: 'utf8', env: { ...process.env, DEBUG: '' } });
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`error: ${join(dir, 'nope.yaml')}: no such file or folder`);
  });

  it('names a folder given to `flows graph`, and a file that is no YAML, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flows-'));
    const graph = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/flows.ts', 'graph', dir], { encoding: 'utf8', env: { ...process.env, DEBUG: '' } });
    expect(graph.status).toBe(1);
    expect(graph.stderr.trim()).toBe(`error: ${dir}: is a folder, not a file`);

    const binary = join(dir, 'binary.yaml');
    writeFileSync(binary, Buffer.from([0, 1, 0xff, 0x0a, 0x5b]));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/flows.ts', 'validate', binary], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toContain(`FAILED ${binary}`);
  });

  it('answers `flows import` while the engine holds the data folder with the equivalent API call, not a stack trace', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'held-'));
    writeFileSync(join(dataDir, 'engine.pid'), String(process.pid));
    const { DATABASE_URL: _url, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/flows.ts', 'import', 'flows/onboarding.yaml', '--org', 'acme', '--publish'], {
      encoding: 'utf8',
      env: { ...env, DATA_DIR: dataDir, PORT: '3999', DEBUG: '' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`is in use by process ${process.pid}`);
    expect(run.stderr).toContain(
      "curl -sS -X POST 'http://127.0.0.1:3999/v1/blueprints?publish=true' -H 'authorization: Bearer <API key of acme>' -H 'content-type: application/yaml' --data-binary @flows/onboarding.yaml",
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses, before parsing, YAML that would hold the process: deep brackets, deep "- - -", deep indentation, too many tokens', () => {
    // Each of these, a megabyte long, kept the yaml library busy for half a minute (or overflowed its stack).
    const refusals: [string, string, { line: number; column: number }][] = [
      ['['.repeat(500_000) + ']'.repeat(500_000), 'nests more than 64 brackets deep', { line: 1, column: 65 }],
      [`phases:\n  - ${'- '.repeat(500_000)}x\n`, 'nests more than 128 columns deep', { line: 2, column: 87 }],
      [Array.from({ length: 1_400 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n'), 'nests more than 128 columns deep', { line: 130, column: 1 }],
      [`[${'1,'.repeat(500_000)}]`, 'more than 20,000 YAML tokens', { line: 1, column: 20_001 }],
    ];
    for (const [source, message, at] of refusals) {
      const [issue, ...others] = validateFlowSource(source, FILE).issues;
      expect(others).toEqual([]);
      expect(issue).toMatchObject({ severity: 'error', code: 'yaml', ...at });
      expect(issue.message).toContain(message);
    }
    // Brackets inside strings and comments are text, not nesting.
    const bracketsInText = VALID.replace('text: { en: Bye, es: Adiós }', `text: { en: "${'['.repeat(200)}", es: Adiós } # ${'{'.repeat(200)}`);
    expect(validateFlowSource(bracketsInText, FILE).issues.map(formatIssue)).toEqual([]);
  });

  it('exits non-zero from the CLI on any error and prints file:line:column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flows-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, VALID.replace('            correct: true\n', ''));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/flows.ts', 'validate', file], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`quiz 'q1' in ${file}:14:9 has no correct option`);
    expect(run.stdout).toContain(`FAILED ${file}`);
  });
});

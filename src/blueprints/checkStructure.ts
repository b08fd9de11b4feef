import type { Condition, Touchpoint } from './flowSchema';
import type { FlowReferences } from './salvageFlowDocument';
import type { DocPath, Report } from './createIssueReporter';

function conditionProblems(condition: Condition, tp: Touchpoint, doc: FlowReferences): string[] {
  const problems: string[] = [];
  const options = tp.type === 'quiz' || tp.type === 'question' ? (tp.options ?? []) : [];
  if (condition.answer !== undefined) {
    const ids = Array.isArray(condition.answer) ? condition.answer : [condition.answer];
    if (options.length === 0) problems.push(`branches on \`answer\` but ${tp.type} '${tp.key}' has no options: use \`correct\`, \`wellbeing\` or remove it`);
    for (const id of ids) {
      if (options.length > 0 && !options.some((o) => o.id === id)) {
        problems.push(`branches on answer '${id}', which is not an option of '${tp.key}': use one of ${options.map((o) => o.id).join(', ')}`);
      }
    }
  }
  if (condition.correct !== undefined && tp.type !== 'quiz') problems.push(`uses \`correct\`, which only applies to quizzes: use \`answer\` instead`);
  if (condition.wellbeing !== undefined && tp.type !== 'wellbeing') problems.push('uses `wellbeing`, which only applies to a wellbeing touchpoint');
  if (condition.unrecognized !== undefined && (tp.type === 'text' || tp.type === 'media')) problems.push('uses `unrecognized` on a touchpoint that takes no answer');
  for (const nested of [...(condition.all ?? []), ...(condition.any ?? []), ...(condition.not ? [condition.not] : [])]) {
    problems.push(...conditionProblems(nested, tp, doc));
  }
  return problems;
}

/** Duplicate keys, rule and timeout targets, quiz answers, badges and awards. */
export function checkStructure(doc: FlowReferences, report: Report): void {
  const phaseKeys = new Set<string>();
  const touchpointKeys = new Map<string, DocPath>();
  doc.phases.forEach((phase, p) => {
    if (phaseKeys.has(phase.key)) report('error', 'duplicate-key', ['phases', p, 'key'], `phase '${phase.key}'`, 'is defined twice: phase keys must be unique, rename one');
    phaseKeys.add(phase.key);
    phase.touchpoints.forEach((tp, t) => {
      const path: DocPath = ['phases', p, 'touchpoints', t, 'key'];
      if (touchpointKeys.has(tp.key)) report('error', 'duplicate-key', path, `touchpoint '${tp.key}'`, 'is defined twice: touchpoint keys must be unique in the blueprint, rename one');
      else touchpointKeys.set(tp.key, path);
    });
  });
  const badgeKeys = new Set<string>();
  doc.badges.forEach((badge, i) => {
    if (badgeKeys.has(badge.key)) report('error', 'duplicate-key', ['badges', i, 'key'], `badge '${badge.key}'`, 'is defined twice: rename or remove one');
    badgeKeys.add(badge.key);
  });

  doc.phases.forEach((phase, p) =>
    phase.touchpoints.forEach((tp, t) => {
      const base: DocPath = ['phases', p, 'touchpoints', t];
      const subject = `${tp.type} '${tp.key}'`;
      if (tp.type === 'quiz') {
        if (!tp.options.some((o) => o.correct === true)) report('error', 'no-correct-option', base, subject, 'has no correct option: mark one with `correct: true`');
      }
      if ((tp.type === 'quiz' || tp.type === 'question') && tp.options) {
        const seen = new Set<string>();
        tp.options.forEach((o, j) => {
          if (seen.has(o.id)) report('error', 'duplicate-key', [...base, 'options', j, 'id'], `option '${o.id}'`, `appears twice in '${tp.key}': option ids must be unique`);
          seen.add(o.id);
        });
      }
      (tp.rules ?? []).forEach((rule, r) => {
        const rulePath: DocPath = [...base, 'rules', r];
        const targets = [rule.goto, rule.phase, rule.end].filter((x) => x !== undefined).length;
        if (targets !== 1) report('error', 'rule-target', rulePath, `rule ${r + 1} of '${tp.key}'`, 'needs exactly one of `goto: <touchpoint>`, `phase: <phase>` or `end: true`');
        if (rule.goto !== undefined && !touchpointKeys.has(rule.goto)) {
          report('error', 'unknown-target', [...rulePath, 'goto'], `rule ${r + 1} of '${tp.key}'`, `goes to touchpoint '${rule.goto}', which does not exist: use one of ${[...touchpointKeys.keys()].join(', ')}`);
        }
        if (rule.goto === tp.key) report('error', 'unknown-target', [...rulePath, 'goto'], `rule ${r + 1} of '${tp.key}'`, 'goes to its own touchpoint: to ask again, go to a remediation touchpoint that leads back');
        if (rule.phase !== undefined && !phaseKeys.has(rule.phase)) {
          report('error', 'unknown-target', [...rulePath, 'phase'], `rule ${r + 1} of '${tp.key}'`, `goes to phase '${rule.phase}', which does not exist: use one of ${[...phaseKeys].join(', ')}`);
        }
        if (rule.if) {
          for (const problem of conditionProblems(rule.if, tp, doc)) report('error', 'bad-condition', [...rulePath, 'if'], `rule ${r + 1} of '${tp.key}'`, problem);
        }
      });
      if (tp.type !== 'text' && tp.type !== 'media' && tp.timeout) {
        const timeoutPath: DocPath = [...base, 'timeout'];
        if (tp.timeout.then === 'goto' && tp.timeout.goto === undefined) report('error', 'unknown-target', timeoutPath, `timeout of '${tp.key}'`, 'says `then: goto` without a target: add `goto: <touchpoint>`');
        if (tp.timeout.goto !== undefined && !touchpointKeys.has(tp.timeout.goto)) {
          report('error', 'unknown-target', [...timeoutPath, 'goto'], `timeout of '${tp.key}'`, `goes to touchpoint '${tp.timeout.goto}', which does not exist`);
        }
        if (tp.timeout.goto !== undefined && tp.timeout.then !== 'goto') report('warning', 'unused-target', [...timeoutPath, 'goto'], `timeout of '${tp.key}'`, 'has `goto` but `then` is not `goto`: it is ignored');
      }
    }),
  );

  doc.awards.forEach((award, i) => {
    const path: DocPath = ['awards', i];
    if (!badgeKeys.has(award.badge)) report('error', 'unknown-badge', [...path, 'badge'], `badge '${award.badge}'`, 'is not listed under `badges`: add `- key: ' + award.badge + '` there (without a name to reference the catalog)');
    if (award.on === 'phaseCompleted' && award.phase === undefined) report('error', 'award-phase', path, `award of '${award.badge}'`, 'is on phaseCompleted without a phase: add `phase: <phase key>`');
    if (award.phase !== undefined && !phaseKeys.has(award.phase)) report('error', 'unknown-target', [...path, 'phase'], `award of '${award.badge}'`, `names phase '${award.phase}', which does not exist`);
    if (award.on === 'journeyCompleted' && award.phase !== undefined) report('warning', 'unused-target', [...path, 'phase'], `award of '${award.badge}'`, 'is on journeyCompleted: `phase` is ignored');
  });
}

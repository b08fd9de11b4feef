import { describe, expect, it } from 'vitest';
import { findTemplateProblem } from '../../src/templates/findTemplateProblem';
import { listBodyPlaceholders } from '../../src/templates/listBodyPlaceholders';
import { renderTemplateBody } from '../../src/templates/renderTemplateBody';

describe('template variables and previews', () => {
  it('lists positional placeholders by number and named ones in order, each once', () => {
    expect(listBodyPlaceholders('{{2}} then {{1}}, again {{ 2 }} and {{10}}')).toEqual(['1', '2', '10']);
    expect(listBodyPlaceholders('Hi {{first_name}}, {{topic}} today, {{first_name}}')).toEqual(['first_name', 'topic']);
    expect(listBodyPlaceholders('No variables here')).toEqual([]);
  });

  it('renders values in order or by name, and names the first variable without a value', () => {
    expect(renderTemplateBody('Hi {{1}}, at {{2}}', ['1', '2'], ['Ann', '9:00'])).toEqual({ ok: true, text: 'Hi Ann, at 9:00' });
    expect(renderTemplateBody('Hi {{name}}', ['name'], { name: 'Ann' })).toEqual({ ok: true, text: 'Hi Ann' });
    expect(renderTemplateBody('Hi {{1}}, at {{2}}', ['1', '2'], ['Ann'])).toMatchObject({ ok: false, code: 'missing_variable', variable: '2' });
    expect(renderTemplateBody('Hi {{1}}', ['1'], ['Ann', 'Bo'])).toMatchObject({ ok: false, code: 'extra_variable', variable: '1' });
    expect(renderTemplateBody('Hi {{name}}', ['name'], { name: 'Ann', nmae: 'Bo' })).toMatchObject({ ok: false, code: 'extra_variable', variable: 'nmae' });
  });
});

describe('a template use checked against the registry', () => {
  const templates = [
    { name: 'reminder', language: 'en', status: 'approved', variables: ['1'] },
    { name: 'reminder', language: 'es', status: 'pending', variables: ['1'] },
  ];
  const check = (name: string, language: string, variableCount: number) => findTemplateProblem(templates, { name, language, variableCount }, 'Line');

  it('passes the right name, language and variable count', () => {
    expect(check('reminder', 'en', 1)).toBeUndefined();
  });

  it('names what is wrong: missing, another language, not approved, the variable count', () => {
    expect(check('other', 'en', 1)).toMatchObject({ part: 'name', message: expect.stringContaining("has no template 'other'") });
    expect(check('reminder', 'fr', 1)).toMatchObject({ part: 'name', message: expect.stringContaining('in en, es, not in fr') });
    expect(check('reminder', 'es', 1)).toMatchObject({ part: 'name', message: expect.stringContaining('is pending at the provider') });
    expect(check('reminder', 'en', 2)).toMatchObject({ part: 'variables', message: expect.stringContaining('takes 1 variable ({{1}}); 2 given') });
  });
});

import { describe, expect, it } from 'vitest';
import { matchKeyword } from '../../src/engine/matchKeyword';
import { placeholdersOf, systemText, systemTextCatalog, systemTextKeys } from '../../src/engine/systemTexts';

/** Words that assume the reader's gender (a worker is welcomed, registered, thanked...). */
const genderedForms: Record<string, RegExp> = {
  es: /(?<!la )\b(bienvenid[oa]s?|registrad[oa]s?|inscrit[oa]s?|suscrit[oa]s?|apuntad[oa]s?|invitad[oa]s?|querid[oa]s?|conectad[oa]s?|preparad[oa]s?|seguro|segura)\b/i,
  pt: /\b(bem-vind[oa]s?|registrad[oa]s?|cadastrad[oa]s?|inscrit[oa]s?|convidad[oa]s?|querid[oa]s?|conectad[oa]s?|preparad[oa]s?|obrigad[oa]s?)\b/i,
};

describe('the system texts', () => {
  it('ship English, Spanish and Portuguese', () => {
    expect(Object.keys(systemTextCatalog).sort()).toEqual(['en', 'es', 'pt']);
  });

  it.each(Object.keys(genderedForms))('assume no gender in %s', (language) => {
    const gendered = systemTextKeys.filter((key) => genderedForms[language].test(systemTextCatalog[language][key]));
    expect(gendered).toEqual([]);
  });

  it('the gendered-form check catches the old Spanish wording', () => {
    expect(genderedForms.es.test('¡Bienvenido, Ana! Ya estás registrado.')).toBe(true);
    expect(genderedForms.es.test('¡Hola, Ana! Te damos la bienvenida: tu registro está listo.')).toBe(false);
    expect(genderedForms.pt.test('Bem-vindo! Obrigado.')).toBe(true);
  });

  it.each(Object.keys(systemTextCatalog))('have every key in %s, with the English placeholders', (language) => {
    const texts = systemTextCatalog[language];
    expect(Object.keys(texts)).toEqual(systemTextKeys);
    for (const key of systemTextKeys) {
      expect(texts[key].trim(), `${language}.${key}`).not.toBe('');
      expect(placeholdersOf(texts[key]), `${language}.${key}`).toEqual(placeholdersOf(systemTextCatalog.en[key]));
    }
  });

  it.each(Object.keys(systemTextCatalog))('name in %s only keywords the engine understands', (language) => {
    const named = [...systemTextCatalog[language].help.matchAll(/\b[A-ZÁÉÍÓÚÃÕÇ]{4,}\b/g)].map((match) => match[0]);
    expect(named.length).toBeGreaterThanOrEqual(4);
    expect(named.filter((word) => !matchKeyword(word))).toEqual([]);
  });

  it("picks the worker's language, then its primary subtag, then English", () => {
    expect(systemText('pt', 'joined', { name: 'Ana' })).toBe('Olá, Ana! Boas-vindas: seu cadastro está pronto.');
    expect(systemText('pt-BR', 'noBadges')).toBe('nenhuma ainda');
    expect(systemText('es-MX', 'noBadges')).toBe('ninguna todavía');
    expect(systemText('sw', 'noBadges')).toBe('none yet');
  });

  it("uses an organization's override before the shipped text, in the same order", () => {
    const overrides = new Map([['es', new Map([['joined', '¡Hola, {name}! Te damos la bienvenida a Acme.']])], ['sw', new Map([['noBadges', 'bado hakuna']])]]);
    expect(systemText('es-MX', 'joined', { name: 'Ana' }, overrides)).toBe('¡Hola, Ana! Te damos la bienvenida a Acme.');
    expect(systemText('sw', 'noBadges', {}, overrides)).toBe('bado hakuna');
    expect(systemText('pt', 'joined', { name: 'Ana' }, overrides)).toBe('Olá, Ana! Boas-vindas: seu cadastro está pronto.');
  });
});

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsvLine } from '../../src/files/toCsvLine';

const formula = /^[=+\-@\t\r]/;
const hostile = ['Ann;=1+2', 'Ann,=HYPERLINK("x")', 'Ann\t+cmd', 'Ann| -2+3', 'Ann; "@SUM(A1)', '=1+2";=1+2', '@cmd'];

describe('toCsvLine: no cell a spreadsheet opens as a formula', () => {
  it('in whatever separator the spreadsheet splits on, text stays one cell or starts with a quote', () => {
    for (const text of hostile) {
      for (const delimiter of [',', ';', '\t', '|']) {
        const cells = (parse(toCsvLine([text]), { delimiter, relax_quotes: true }) as string[][])[0];
        expect(cells.filter((cell) => formula.test(cell.trimStart())), `${text} split on ${JSON.stringify(delimiter)}`).toEqual([]);
      }
    }
  });

  it('reads back as the text with a leading quote, and leaves plain text and numbers alone', () => {
    expect(parse(toCsvLine(hostile)) as string[][]).toEqual([hostile.map((text) => `'${text}`)]);
    expect(toCsvLine(['Ann Lee', -3, 4.5, 'well-being', null])).toBe('Ann Lee,-3,4.5,well-being,\r\n');
  });
});

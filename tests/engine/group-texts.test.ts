/**
 * Group texts: white space collapsed exactly as a replace of every `\s+` run by one space would,
 * whether the text takes the fast path (nothing to collapse) or not.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { groupTextOf } from '../../src/engine/group-texts.js';

const pieces = fc.constantFrom(
  'word',
  'Bipraex',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u00a0',
  '\u2028',
  '\u3000',
  'é',
  '12,000',
  '.',
  '',
);

describe('groupTextOf', () => {
  test('examples', () => {
    expect(groupTextOf('one two three')).toBe('one two three');
    expect(groupTextOf('one  two\tthree\n')).toBe('one two three ');
    expect(groupTextOf('\u00a0lead')).toBe(' lead');
    expect(groupTextOf('')).toBe('');
  });

  test('property: the same text as replacing every white-space run by one space', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), fc.nat(30), (parts, cut) => {
        const whole = parts.join('');
        // Also as a slice of a larger text, as the report's paragraphs are.
        const slice = `${'x'.repeat(cut)}${whole}yy`.slice(cut, cut + whole.length);
        for (const text of [whole, slice])
          expect(groupTextOf(text)).toBe(text.replace(/\s+/g, ' '));
      }),
      { numRuns: 3000 },
    );
  });
});

/** Paths for a terminal: control characters escaped, everything else unchanged. */
import { expect, test } from '@jest/globals';
import { shownPath } from '../../src/reporters/terminal-path.js';

test('control characters are escaped; other characters, Unicode included, are kept', () => {
  expect(shownPath('wire/a b.txt')).toBe('wire/a b.txt');
  expect(shownPath('wire/Łódź “café”.txt')).toBe('wire/Łódź “café”.txt');
  expect(shownPath('c\nd\re\tf.txt')).toBe('c\\nd\\re\\tf.txt');
  expect(shownPath('red\u001b[31m.txt')).toBe('red\\x1b[31m.txt');
  expect(shownPath('\u0000\u007f\u009b')).toBe('\\x00\\x7f\\x9b');
});

/**
 * The month and weekday names a date of the fact scanner (`fact-tokens.ts`) starts or ends with
 * (`March 3`, `3 March`, `Tuesday`), looked up by their first three letters.
 */

const MONTH_NAMES = (
  'January February March April May June July August September October November December ' +
  'Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec'
).split(' ');
const WEEKDAY_NAMES = 'Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(' ');
/** Name flag: a month, which may begin `March 3` or end `3 March`. */
export const MONTH = 1;
/** Name flag: a date on its own (not `May`: too often a verb or a name). */
export const DAY = 2;

/** Month and weekday names by their first three letters (`packed3`), with `MONTH` and `DAY` flags. */
const NAMED = new Map<number, { name: string; flags: number }[]>();
for (const name of [...MONTH_NAMES, ...WEEKDAY_NAMES]) {
  const key = packed3(name, 0);
  const flags = (MONTH_NAMES.includes(name) ? MONTH : 0) | (name === 'May' ? 0 : DAY);
  NAMED.set(key, [...(NAMED.get(key) ?? []), { name, flags }]);
}

/** The three code units at `i` as one number. */
function packed3(text: string, i: number): number {
  return (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8) | text.charCodeAt(i + 2);
}

/** `MONTH` and `DAY` flags of the name that is exactly `text[i..end)`; 0 for any other text. */
export function namedFlags(text: string, i: number, end: number): number {
  const length = end - i;
  if (length < 3 || length > 9) return 0;
  const names = NAMED.get(packed3(text, i));
  if (names === undefined) return 0;
  for (const { name, flags } of names) {
    if (name.length === length && text.startsWith(name, i)) return flags;
  }
  return 0;
}

/**
 * Datelines, the opening of a wire story that names its place, date and agency (`MOSCOW,
 * November 20 (Sputnik) —`, `NEW YORK, March 3 -`, `PARIS (AFP) -`), and the month names they
 * and other dates are written with. Pure functions of a paragraph's text; story-shapes.ts and
 * publication-date.ts use them.
 */

/** Month names and their usual abbreviations (case-insensitive), with the month number. */
const MONTHS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^jan(?:uary)?\.?$/i, 1],
  [/^feb(?:ruary)?\.?$/i, 2],
  [/^mar(?:ch)?\.?$/i, 3],
  [/^apr(?:il)?\.?$/i, 4],
  [/^may\.?$/i, 5],
  [/^june?\.?$/i, 6],
  [/^july?\.?$/i, 7],
  [/^aug(?:ust)?\.?$/i, 8],
  [/^sept?(?:ember)?\.?$/i, 9],
  [/^oct(?:ober)?\.?$/i, 10],
  [/^nov(?:ember)?\.?$/i, 11],
  [/^dec(?:ember)?\.?$/i, 12],
];

/** A pattern's ASCII letters matching either case (`may` → `[mM][aA][yY]`). */
function anyCase(pattern: string): string {
  return pattern.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

/** A month name (full or abbreviated, any case). */
export const MONTH = anyCase(
  String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`,
);
/**
 * A month as datelines write it, misspellings included (`Marchg 12`, `APri 7` in Reuters): a
 * month's first three letters and up to six more.
 */
const DATELINE_MONTH = String.raw`${anyCase('(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)')}\p{L}{0,6}\.?`;
/** The dash after a dateline: hyphen, double hyphen, en or em dash. */
const DASH = String.raw`(?:-{1,2}|\u2013|\u2014)`;
/** A place: up to four words, the first starting with a letter (`NEW YORK`, `dodge city`). */
const PLACE = String.raw`\p{L}[\p{L}\p{N}_.'\u2019&/-]*(?:\s+[\p{L}\p{N}_.'\u2019&/-]+){0,3}`;
/** A region after the place: `, Calif.`, `, British Columbia`, `, N.J.` (capitalized words). */
const REGION = String.raw`(?:,\s*\p{Lu}[\p{L}\p{N}_.'\u2019-]*(?:\s+\p{Lu}[\p{L}\p{N}_.'\u2019-]*){0,2})?`;
/** A place in capitals, for a dateline without a date (`PARIS (AFP) -`). */
const CAPS_PLACE = String.raw`\p{Lu}[\p{Lu}.'\u2019&-]*(?:\s+\p{Lu}[\p{Lu}.'\u2019&-]*){0,3}`;
/** An agency in brackets: `(Sputnik)`, `(Dupgraf Wire)`, `(AP)`. */
const AGENCY = String.raw`\(([^()\n]{1,40})\)`;

/**
 * `PLACE[, REGION], Month D[, YYYY] [(Agency)|, Agency] —` (also `D Month`); the place is group 1,
 * the date groups 2-4 (month, day; day, month; year), the agency group 5 or 6.
 */
const DATED = new RegExp(
  String.raw`^\**((${PLACE})\s*${REGION}(?:,\s*|\s+-\s+|\s+)(?:(${DATELINE_MONTH})\s+(\d{1,3})|(\d{1,2})\s+(${MONTH}))(?:,?\s+(\d{4}))?(?:\s+${AGENCY}|,\s+(\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)?))?)\s*${DASH}\s`,
  'u',
);
/** `CITY[, REGION] (Agency) —`: a dateline without a date; the city in capitals. */
const UNDATED = new RegExp(String.raw`^\**((${CAPS_PLACE})${REGION}\s+${AGENCY})\s+${DASH}\s`, 'u');

/** A dateline found at the start of a paragraph. */
export interface Dateline {
  /** The dateline as written, without its dash: `MOSCOW, November 20 (Sputnik)`. */
  text: string;
  /** The place: `MOSCOW`. */
  place: string;
  /** Month (1-12) and day, when the dateline has a date. */
  month?: number;
  day?: number;
  /** The year, when the dateline gives one. */
  year?: number;
  /** The agency: `Sputnik` (bracketed, or after a comma as in `, Reuter`). */
  agency?: string;
}

/** The number (1-12) of a month name or abbreviation; undefined for anything else. */
export function monthNumber(name: string): number | undefined {
  return MONTHS.find(([re]) => re.test(name))?.[1];
}

/**
 * The dateline at the start of `text` (see the module comment), or null. The place must be
 * followed by a date or by a bracketed agency: a bare `NOTE -` or `WASHINGTON -` is not one.
 */
export function matchDateline(text: string): Dateline | null {
  const dated = DATED.exec(text);
  if (dated) {
    const monthName = dated[3] ?? dated[6];
    const month = monthNumber(monthName) ?? monthNumber(monthName.slice(0, 3));
    const day = Number(dated[4] ?? dated[5]);
    const out: Dateline = { text: dated[1], place: dated[2] };
    if (month !== undefined && day >= 1 && day <= 31) {
      out.month = month;
      out.day = day;
      if (dated[7] !== undefined) out.year = Number(dated[7]);
    }
    const agency = dated[8] ?? dated[9];
    if (agency !== undefined) out.agency = agency.trim();
    return out;
  }
  const undated = UNDATED.exec(text);
  if (undated) return { text: undated[1], place: undated[2], agency: undated[3].trim() };
  return null;
}

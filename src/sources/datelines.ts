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

/**
 * Month names of the other languages wire agencies date their copy in, as datelines write them
 * (the genitive in Russian, Ukrainian and Greek: `20 ноября`, `7 Μαρτίου`), lower case, with their
 * common abbreviations: French, German, Spanish, Portuguese, Italian, Dutch, Russian, Ukrainian,
 * Greek, Turkish and Arabic (the Egyptian and the Levantine names).
 */
const OTHER_MONTHS: readonly (readonly string[])[] = [
  // 1
  [
    'janvier',
    'janv',
    'januar',
    'jänner',
    'enero',
    'ene',
    'janeiro',
    'gennaio',
    'genn',
    'januari',
    'января',
    'январь',
    'січня',
    'ιανουαρίου',
    'ιανουάριος',
    'ιαν',
    'ocak',
    'يناير',
    'كانون الثاني',
  ],
  // 2
  [
    'février',
    'févr',
    'fév',
    'februar',
    'febrero',
    'fevereiro',
    'fev',
    'febbraio',
    'febbr',
    'februari',
    'февраля',
    'февраль',
    'лютого',
    'φεβρουαρίου',
    'φεβρουάριος',
    'φεβ',
    'şubat',
    'فبراير',
    'شباط',
  ],
  // 3
  [
    'mars',
    'märz',
    'marzo',
    'março',
    'maart',
    'марта',
    'март',
    'березня',
    'μαρτίου',
    'μάρτιος',
    'μαρ',
    'mart',
    'مارس',
    'آذار',
  ],
  // 4
  [
    'avril',
    'avr',
    'abril',
    'abr',
    'aprile',
    'апреля',
    'апрель',
    'квітня',
    'απριλίου',
    'απρίλιος',
    'απρ',
    'nisan',
    'أبريل',
    'ابريل',
    'إبريل',
    'نيسان',
  ],
  // 5
  [
    'mai',
    'mayo',
    'maio',
    'maggio',
    'mei',
    'мая',
    'май',
    'травня',
    'μαΐου',
    'μαΐος',
    'μαΐ',
    'mayıs',
    'مايو',
    'أيار',
  ],
  // 6
  [
    'juin',
    'juni',
    'junio',
    'junho',
    'giugno',
    'июня',
    'июнь',
    'червня',
    'ιουνίου',
    'ιούνιος',
    'ιουν',
    'haziran',
    'يونيو',
    'يونية',
    'حزيران',
  ],
  // 7
  [
    'juillet',
    'juil',
    'juli',
    'julio',
    'julho',
    'luglio',
    'июля',
    'июль',
    'липня',
    'ιουλίου',
    'ιούλιος',
    'ιουλ',
    'temmuz',
    'يوليو',
    'يولية',
    'تموز',
  ],
  // 8
  [
    'août',
    'aout',
    'agosto',
    'ago',
    'augustus',
    'августа',
    'август',
    'серпня',
    'αυγούστου',
    'αύγουστος',
    'αυγ',
    'ağustos',
    'أغسطس',
    'اغسطس',
    'آب',
  ],
  // 9
  [
    'septembre',
    'septiembre',
    'setiembre',
    'setembro',
    'set',
    'settembre',
    'sett',
    'сентября',
    'сентябрь',
    'вересня',
    'σεπτεμβρίου',
    'σεπτέμβριος',
    'σεπ',
    'eylül',
    'سبتمبر',
    'أيلول',
  ],
  // 10
  [
    'octobre',
    'oktober',
    'octubre',
    'outubro',
    'out',
    'ottobre',
    'ott',
    'октября',
    'октябрь',
    'жовтня',
    'οκτωβρίου',
    'οκτώβριος',
    'οκτ',
    'ekim',
    'أكتوبر',
    'اكتوبر',
    'تشرين الأول',
  ],
  // 11
  [
    'novembre',
    'noviembre',
    'novembro',
    'ноября',
    'ноябрь',
    'листопада',
    'νοεμβρίου',
    'νοέμβριος',
    'νοε',
    'kasım',
    'نوفمبر',
    'تشرين الثاني',
  ],
  // 12
  [
    'décembre',
    'déc',
    'dezember',
    'dez',
    'diciembre',
    'dic',
    'dezembro',
    'dicembre',
    'december',
    'декабря',
    'декабрь',
    'грудня',
    'δεκεμβρίου',
    'δεκέμβριος',
    'δεκ',
    'aralık',
    'ديسمبر',
    'كانون الأول',
  ],
];

/** A name without its accents (`μαρτίου` → `μαρτιου`: Greek capitals drop them). */
function unaccented(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/** {@link OTHER_MONTHS} by name (lower case, also without accents) → month number. */
const OTHER_MONTH_NUMBER = new Map<string, number>();
OTHER_MONTHS.forEach((names, i) => {
  for (const name of names) {
    OTHER_MONTH_NUMBER.set(name, i + 1);
    OTHER_MONTH_NUMBER.set(unaccented(name), i + 1);
  }
});

/** A pattern matching `name` in either case, letter by letter (`mars` → `[mM][aA][rR][sS]`). */
function eitherCase(name: string): string {
  let out = '';
  for (const ch of name) {
    const upper = ch.toUpperCase();
    out += upper !== ch && upper.length === 1 ? `[${ch}${upper}]` : ch === ' ' ? '\\s+' : ch;
  }
  // The Turkish dotless ı is I in capitals, and I is often written for İ.
  return out.replace(/\[\u0131I\]/g, '[\u0131I\u0130]').replace(/\[iI\]/g, '[iI\u0130]');
}

/** A month name of {@link OTHER_MONTHS} (any case, with or without its accents; `.` after one). */
const OTHER_MONTH = `(?:${[...OTHER_MONTH_NUMBER.keys()]
  .sort((a, b) => b.length - a.length)
  .map(eitherCase)
  .join('|')})\\.?(?![\\p{L}\\p{M}])`;

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
/**
 * The dash after a dateline: hyphen, double hyphen, en or em dash (EFE's `.-` too), followed by
 * white space, or by the text itself after an en or em dash (`(AP)—Lawmakers`) or after a
 * hyphen that follows a bracketed agency (`(Reuters)-The`).
 */
const DASH = String.raw`(?:\.?(?:-{1,2}|\u2013|\u2014))`;
const AFTER_DASH = String.raw`(?:\s|(?<=[\u2013\u2014])(?=[\p{L}\p{N}"'\u201c\u2018\u00ab])|(?<=\)\.?-{1,2})(?=[\p{L}"'\u201c\u2018\u00ab]))`;
/** Letters, marks (a decomposed `SÃO`), digits and the signs a place's words hold. */
const PLACE_CHAR = String.raw`[\p{L}\p{M}\p{N}_.'\u2019&/-]`;
/** A place: up to four words, the first starting with a letter (`NEW YORK`, `dodge city`). */
const PLACE = String.raw`\p{L}${PLACE_CHAR}*(?:\s+${PLACE_CHAR}+){0,3}`;
/** A region after the place: `, Calif.`, `, British Columbia`, `, N.J.` (capitalized words). */
const REGION = String.raw`(?:,\s*\p{Lu}[\p{L}\p{M}\p{N}_.'\u2019-]*(?:\s+\p{Lu}[\p{L}\p{M}\p{N}_.'\u2019-]*){0,2})?`;
/** A place in capitals, for a dateline without a date (`PARIS (AFP) -`). */
const CAPS_PLACE = String.raw`\p{Lu}[\p{Lu}\p{M}.'\u2019&-]*(?:\s+\p{Lu}[\p{Lu}\p{M}.'\u2019&-]*){0,3}`;
/** An agency in brackets: `(Sputnik)`, `(Dupgraf Wire)`, `(AP)`. */
const AGENCY = String.raw`\(([^()\n]{1,40})\)`;
/** A comma after the place: `,` or the Arabic `،`. */
const COMMA = String.raw`[,\u060c]`;
/** A day of the month: one or two digits, ASCII or Arabic-Indic. */
const DAY = String.raw`[\d\u0660-\u0669\u06f0-\u06f9]{1,2}`;
/** Characters a dateline may start with that are no part of it (zero-width, BOM, `*`). */
const LEAD = String.raw`[\u200b-\u200d\u2060\ufeff]*\**`;

/**
 * `PLACE[, REGION], Month D[, YYYY] [(Agency)|, Agency] —` (also `D Month`, `D. Month`,
 * `le D month`, in English or one of {@link OTHER_MONTHS}); the place is group 1, the date
 * groups 2-4 (month, day; day, month; year), the agency group 5 or 6.
 */
const DATED = new RegExp(
  String.raw`^${LEAD}((${PLACE})\s*${REGION}(?:${COMMA}\s*|\s+-\s+|\s+)(?:(${DATELINE_MONTH})\s+(\d{1,3})|(?:[lL][eE]\s+)?(${DAY})\.?\s+(${MONTH}|${OTHER_MONTH}))(?:,?\s+(\d{4}))?(?:\s+${AGENCY}|,\s+(\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)?))?)\s*${DASH}${AFTER_DASH}`,
  'u',
);
/** `CITY[, REGION] (Agency) —`: a dateline without a date; the city in capitals. */
const UNDATED = new RegExp(
  String.raw`^${LEAD}((${CAPS_PLACE})${REGION}\s+${AGENCY})\s*${DASH}${AFTER_DASH}`,
  'u',
);
/**
 * `City (Agency) —` with the city not in capitals (`Washington (AP) —`, `Berlin (dpa) -`): a
 * dateline only when the bracket names a news agency ({@link AGENCIES}).
 */
const UNDATED_ANY_CASE = new RegExp(
  String.raw`^${LEAD}((\p{Lu}[\p{L}\p{M}.'\u2019&-]*(?:\s+\p{Lu}[\p{L}\p{M}.'\u2019&-]*){0,2})${REGION}\s+${AGENCY})\s*${DASH}${AFTER_DASH}`,
  'u',
);

/**
 * News agencies as datelines name them in brackets (compared in lower case), for
 * {@link UNDATED_ANY_CASE}: a city in lower case before any other bracket is too often a name
 * and its ticker or its party.
 */
const AGENCIES = new Set(
  [
    'AP',
    'AFP',
    'Reuters',
    'Reuter',
    'dpa',
    'EFE',
    'ANSA',
    'AGI',
    'Xinhua',
    'Kyodo',
    'Yonhap',
    'PA',
    'UPI',
    'Bloomberg',
    'CNA',
    'Bernama',
    'Antara',
    'PTI',
    'IANS',
    'ANI',
    'APA',
    'AAP',
    'CP',
    'Canadian Press',
    'Sputnik',
    'TASS',
    'ТАСС',
    'RIA Novosti',
    'РИА Новости',
    'Interfax',
    'Интерфакс',
    'Ukrinform',
    'Укрінформ',
    'UNIAN',
    'УНІАН',
    'Anadolu',
    'AA',
    'KUNA',
    'WAM',
    'MENA',
    'SPA',
    'QNA',
    'IRNA',
    'ISNA',
    'ATS',
    'SDA',
    'ANP',
    'Belga',
    'NTB',
    'TT',
    'Ritzau',
    'STT',
    'PAP',
    'ČTK',
    'CTK',
    'MTI',
    'Agerpres',
    'BTA',
    'Tanjug',
    'HINA',
    'STA',
    'ΑΠΕ',
    'ΑΠΕ-ΜΠΕ',
    'ANA-MPA',
    'Lusa',
    'Notimex',
    'Télam',
    'Prensa Latina',
    'Europa Press',
    'EPA',
    'Adnkronos',
    'NTB Scanpix',
    'AP Photo',
    'Reuters Breakingviews',
    'رويترز',
    'أ ف ب',
    'د ب أ',
    'أ.ف.ب',
    'وام',
    'واس',
    'كونا',
    'سانا',
    'SANA',
    'Petra',
    'بترا',
    'MAP',
    'TAP',
    'APS',
  ].map((name) => name.toLowerCase()),
);

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

/**
 * The number (1-12) of a month name or abbreviation, English or one of {@link OTHER_MONTHS} (any
 * case, with or without accents, a `.` after it); undefined for anything else.
 */
export function monthNumber(name: string): number | undefined {
  const english = MONTHS.find(([re]) => re.test(name))?.[1];
  if (english !== undefined) return english;
  const key = name
    .normalize('NFC')
    .replace(/\.$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(/i\u0307/g, 'i');
  return OTHER_MONTH_NUMBER.get(key) ?? OTHER_MONTH_NUMBER.get(unaccented(key));
}

/** A day of the month written in ASCII or Arabic-Indic digits, as a number. */
function dayNumber(text: string): number {
  return Number(
    text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 0xf)),
  );
}

/**
 * The dateline at the start of `text` (see the module comment), or null. The place must be
 * followed by a date or by a bracketed agency: a bare `NOTE -` or `WASHINGTON -` is not one; a
 * place not in capitals needs a date or a news agency's name in the bracket.
 */
export function matchDateline(text: string): Dateline | null {
  const dated = DATED.exec(text);
  if (dated) {
    const monthName = dated[3] ?? dated[6];
    const month = monthNumber(monthName) ?? monthNumber(monthName.slice(0, 3));
    const day = dayNumber(dated[4] ?? dated[5]);
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
  const named = UNDATED_ANY_CASE.exec(text);
  if (named && AGENCIES.has(named[3].trim().toLowerCase()))
    return { text: named[1], place: named[2], agency: named[3].trim() };
  return null;
}

/**
 * `--stories auto|file|REGEX`: which lines start a story, how stories are named and what they
 * carry (src/sources/stories.ts, story-starts.ts, story-shapes.ts). The texts are written for
 * these tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { readDocuments, scan, UsageError } from '../../src/index.js';
import { matchDateline } from '../../src/sources/datelines.js';
import { isStandaloneHeadline } from '../../src/sources/paragraph-roles.js';
import { paragraphShape } from '../../src/sources/story-shapes.js';
import { storySplitterOf } from '../../src/sources/stories.js';
import { LANGUAGES_DIR } from '../helpers/variants.js';

const LEDE_A =
  'HARBOURTON, June 3 (Coast Wire) — The ferry company said on Tuesday it would add two sailings a day to the island route from next month, after a winter of complaints about crowded boats.';
const A2 =
  'Passenger numbers on the route have doubled in five years, according to figures published by the regional transport board last week.';
const A3 =
  'The company expects the larger timetable to cost it about four million a year in fuel and crew, most of which it hopes to recover through higher summer fares.';
const HEAD_B = 'Island Council Backs Plan for Second Ferry Pier';
const B1 =
  'Councillors on the island voted on Wednesday to build a second pier for ferries at the northern harbour, a scheme that has been debated for more than a decade.';
const B2 =
  'The pier will take three years to build and will be paid for partly by a grant from the national infrastructure fund, the council leader told the meeting.';

/** Story starts (1-based lines) that `readDocuments` finds in a text file. */
function starts(text: string, stories?: string, name = 'f.txt'): number[] {
  return readDocuments(name, text, stories === undefined ? {} : { stories }).documents.map(
    (d) => d.recordLine ?? 1,
  );
}

describe('auto: where stories start', () => {
  test('a Title Case headline line between two stories (one paragraph per line)', () => {
    const text = [LEDE_A, A2, A3, HEAD_B, B1, B2].join('\n') + '\n';
    expect(starts(text)).toEqual([1, 4]);
    const { documents } = readDocuments('f.txt', text);
    expect(documents.map((d) => [d.path, d.record, d.paragraphs?.map((p) => p.line)])).toEqual([
      ['f.txt', '1', [1, 2, 3]],
      ['f.txt', '2', [4, 5, 6]],
    ]);
    // Each story's text is its own lines; its paragraphs keep the file's lines.
    expect(documents[1].text.startsWith(HEAD_B)).toBe(true);
    expect(documents[1].paragraphs?.[1].text).toBe(B1);
  });

  test('the same with blank lines between paragraphs', () => {
    const text = [LEDE_A, A2, A3, HEAD_B, B1, B2].join('\n\n');
    expect(starts(text)).toEqual([1, 7]);
  });

  test('a dateline paragraph starts a story, with the headline above it in any case', () => {
    const lede = 'PORTMAIN, June 4 (Coast Wire) — ' + B1;
    expect(starts([LEDE_A, A2, 'ferry pier backed by council', lede, B2].join('\n'))).toEqual([
      1, 3,
    ]);
    // A byline between them goes with it.
    expect(
      starts([LEDE_A, A2, 'Ferry pier backed', 'By Ann Pollard', lede, B2].join('\n')),
    ).toEqual([1, 3]);
    // No headline: the dateline paragraph itself.
    expect(starts([LEDE_A, A2, lede, B2].join('\n'))).toEqual([1, 3]);
    // Datelines without a date need a bracketed agency: `CITY (AP) —`.
    expect(starts([LEDE_A, A2, 'PORTMAIN (AP) — ' + B1, B2].join('\n'))).toEqual([1, 3]);
    expect(starts([LEDE_A, A2, 'NOTE - ' + B1, B2].join('\n'))).toEqual([1]);
  });

  test('a later dateline is found whatever dashes stand before and after it', () => {
    // Hyphens in words, a dash before a line break, one far down the text: a dateline's dash
    // (hyphen, en or em dash, then white space) among a paragraph's first characters counts.
    const hyphens =
      'The cross-border ferry - a well-known route -\nruns twice a day in the off-season.';
    for (const dash of ['-', '--', '\u2013', '\u2014']) {
      const lede = `PORTMAIN, June 4 ${dash}\t${B1}`;
      expect(starts([LEDE_A, hyphens, A2, lede, B2, hyphens].join('\n\n'))).toEqual([1, 8]);
      expect(starts([LEDE_A, A2, lede].join('\n\n'))).toEqual([1, 5]);
    }
    // A dash too far from the paragraph's start: no dateline.
    const late = `PORTMAIN, June 4 ${'and more words '.repeat(8)}- ${B1}`;
    expect(starts([LEDE_A, A2, late, B2].join('\n\n'))).toEqual([1]);
  });

  test('a headline and a dateline at the top of a file start nothing', () => {
    expect(starts(['Ferry Company Adds Sailings to Island', LEDE_A, A2, A3].join('\n\n'))).toEqual([
      1,
    ]);
  });

  test('crossheads stay in their story: sentence case, short capitals, Markdown ##', () => {
    expect(starts([LEDE_A, A2, 'Why the boats are full', A3, B1].join('\n\n'))).toEqual([1]);
    expect(starts([LEDE_A, A2, 'WHAT HAPPENS NEXT', A3, B1].join('\n\n'))).toEqual([1]);
    const md = `# Ferry company adds sailings\n\n${LEDE_A}\n\n${A2}\n\n## Why the Boats Are Full\n\n${A3}\n`;
    expect(starts(md, undefined, 'f.md')).toEqual([1]);
  });

  test('a short line after another short line is a list item, not a headline', () => {
    const list = ['Harbourton v Portmain', 'Eastness v Kirkwall', 'Hobbs v Grey'];
    expect(starts([LEDE_A, A2, ...list, A3].join('\n'))).toEqual([1]);
  });

  test('explicit separators end a story (and are no paragraph)', () => {
    for (const sep of ['---', '***', '###', '===', '* * *', '(END)', 'ENDS', '-30-']) {
      const { documents } = readDocuments('f.txt', [LEDE_A, A2, sep, B1, B2].join('\n'));
      expect([sep, documents.map((d) => d.recordLine)]).toEqual([sep, [1, 4]]);
      expect(documents.flatMap((d) => d.paragraphs!.map((p) => p.text))).not.toContain(sep);
    }
    // A form feed line, with blank lines around.
    expect(starts([LEDE_A, A2, '\f', B1, B2].join('\n\n'))).toEqual([1, 7]);
    // In Markdown: a thematic break, and a level-1 heading after a story's body.
    expect(starts(`${LEDE_A}\n\n---\n\n${B1}\n`, undefined, 'f.md')).toEqual([1, 5]);
    expect(starts(`# One\n\n${LEDE_A}\n\n# Two\n\n${B1}\n`, undefined, 'f.md')).toEqual([1, 5]);
  });

  test('a separator keeps a one-paragraph-per-line file one paragraph per line', () => {
    const { documents } = readDocuments('f.txt', [LEDE_A, A2, '---', B1, B2].join('\n'));
    expect(documents.map((d) => d.paragraphs!.length)).toEqual([2, 2]);
  });

  test('a trailing end marker is no paragraph of the one story', () => {
    const { documents } = readDocuments('f.txt', [LEDE_A, A2, '-30-'].join('\n\n'));
    expect(documents).toHaveLength(1);
    expect(documents[0].record).toBeUndefined();
    expect(documents[0].paragraphs!.map((p) => p.text)).toEqual([LEDE_A, A2]);
  });
});

describe('file and REGEX', () => {
  const text = [LEDE_A, A2, '%%', HEAD_B, B1, B2].join('\n');

  test('file: one story per file', () => {
    expect(starts(text, 'file')).toEqual([1]);
  });

  test('REGEX: a matching line separates stories; nothing else does', () => {
    expect(starts(text, '^%%$')).toEqual([1, 4]);
    expect(starts([LEDE_A, A2, HEAD_B, B1].join('\n'), '^%%$')).toEqual([1]);
  });

  test('a pattern that does not compile is a usage error; so is an empty one', () => {
    expect(() => storySplitterOf('([')).toThrow(UsageError);
    expect(() => storySplitterOf('')).toThrow(UsageError);
    expect(storySplitterOf(undefined)).toEqual({ kind: 'auto' });
  });
});

describe('what a story carries', () => {
  test('headline, dateline and agency as metadata; a file with one story keeps its name', () => {
    const { documents } = readDocuments(
      'one.txt',
      ['Ferry Company Adds Sailings', LEDE_A, A2].join('\n\n'),
    );
    expect(documents).toHaveLength(1);
    expect(documents[0].record).toBeUndefined();
    expect(documents[0].metadata).toEqual({
      headline: 'Ferry Company Adds Sailings',
      source: 'Coast Wire',
      dateline: 'HARBOURTON, June 3 (Coast Wire)',
    });
  });

  test("a format's own metadata wins; a story of a file with several keeps the file's date", () => {
    const md = `---\ndate: 2026-06-04\nsource: Desk\n---\n\n${LEDE_A}\n\n${A2}\n\n---\n\n# ${HEAD_B}\n\n${B1}\n`;
    const { documents } = readDocuments('d.md', md);
    expect(documents.map((d) => d.metadata)).toEqual([
      { date: '2026-06-04', source: 'Desk', dateline: 'HARBOURTON, June 3 (Coast Wire)' },
      { headline: HEAD_B, date: '2026-06-04', source: 'Desk' },
    ]);
  });

  test('Markdown whose front matter names the story (title, headline, slug, id) is one story', () => {
    for (const key of ['title', 'headline', 'slug', 'id']) {
      const md = `---\n${key}: ferry\n---\n\n${LEDE_A}\n\n${A2}\n\n***\n\n# ${HEAD_B}\n\n${B1}\n`;
      expect([key, starts(md, undefined, 'd.md')]).toEqual([key, [1]]);
      // A pattern still cuts it; each story starts at its first paragraph's line, as in every cut.
      expect(starts(md, '^\\*\\*\\*$', 'd.md')).toEqual([5, 11]);
    }
  });

  test('datelines: place, date, year and agency', () => {
    expect(matchDateline('MOSCOW, November 20 (Sputnik) — text')).toEqual({
      text: 'MOSCOW, November 20 (Sputnik)',
      place: 'MOSCOW',
      month: 11,
      day: 20,
      agency: 'Sputnik',
    });
    expect(matchDateline('SAN FRANCISCO, Calif., March 3, 2026 - text')).toMatchObject({
      place: 'SAN FRANCISCO',
      month: 3,
      day: 3,
      year: 2026,
    });
    expect(matchDateline('AMSTERDAM, 2 March - text')).toMatchObject({ month: 3, day: 2 });
    expect(matchDateline('PARIS (AFP) - text')).toEqual({
      text: 'PARIS (AFP)',
      place: 'PARIS',
      agency: 'AFP',
    });
    expect(matchDateline('Sales rose - the company said')).toBeNull();
    expect(matchDateline('WASHINGTON - the bare city')).toBeNull();
  });

  test('datelines in other languages, dashes without a space, agencies, odd characters', () => {
    const d = (t: string) => matchDateline(`${t} text of the lede`);
    expect(d('Paris, le 5 mars (AFP) \u2014')).toEqual({
      text: 'Paris, le 5 mars (AFP)',
      place: 'Paris',
      month: 3,
      day: 5,
      agency: 'AFP',
    });
    expect(d('BERLIN, 6. M\u00e4rz (dpa) -')).toMatchObject({ month: 3, day: 6, agency: 'dpa' });
    expect(d('MADRID, 5 mar (EFE).-')).toMatchObject({ month: 3, day: 5, agency: 'EFE' });
    expect(d('LISBOA, 12 de')).toBeNull();
    expect(
      d(
        '\u041c\u041e\u0421\u041a\u0412\u0410, 20 \u043d\u043e\u044f\u0431\u0440\u044f (\u0422\u0410\u0421\u0421) \u2014',
      ),
    ).toMatchObject({ month: 11, day: 20 });
    // Greek capitals drop the accent: both are March.
    expect(
      d(
        '\u0391\u0398\u0397\u039d\u0391, 7 \u039c\u03b1\u03c1\u03c4\u03af\u03bf\u03c5 (\u0391\u03a0\u0395) \u2014',
      ),
    ).toMatchObject({ month: 3, day: 7 });
    expect(
      d('\u0391\u0398\u0397\u039d\u0391, 7 \u039c\u0391\u03a1\u03a4\u0399\u039f\u03a5 \u2014'),
    ).toMatchObject({ month: 3, day: 7 });
    expect(d('ISTANBUL, 3 \u015eubat (AA) -')).toMatchObject({ month: 2, day: 3, agency: 'AA' });
    // Arabic: its comma, Arabic-Indic digits.
    expect(
      d(
        '\u0627\u0644\u0642\u0627\u0647\u0631\u0629\u060c \u0665 \u0645\u0627\u0631\u0633 (\u0631\u0648\u064a\u062a\u0631\u0632) -',
      ),
    ).toMatchObject({ month: 3, day: 5 });
    // The dash straight against the text.
    expect(d('PARIS, March 5 (Reuters)\u2013Brazil')?.agency).toBe('Reuters');
    expect(d('PARIS (AP)\u2014Brazil')?.agency).toBe('AP');
    expect(d('NEW YORK (Reuters)-The')?.agency).toBe('Reuters');
    expect(d('PARIS, March 3-The')).toBeNull();
    // A decomposed letter, a zero-width space before the city.
    expect(d('SA\u0303O PAULO, March 3 (Reuters) -')?.place).toBe('SA\u0303O PAULO');
    expect(d('\u200bBERLIN, March 6 (Reuters) -')?.place).toBe('BERLIN');
    // A city not in capitals before a news agency; not before any other bracket.
    expect(d('Washington (AP) \u2014')).toEqual({
      text: 'Washington (AP)',
      place: 'Washington',
      agency: 'AP',
    });
    expect(d('Berlin (dpa) -')?.agency).toBe('dpa');
    expect(d('Apple (AAPL) -')).toBeNull();
  });

  test('those datelines and the Chinese end marker cut stories', () => {
    const french = [
      'Paris, le 5 mars (AFP) \u2014 Le gouvernement a pr\u00e9sent\u00e9 mercredi un projet de loi sur les transports r\u00e9gionaux.',
      'Le ministre a d\u00e9clar\u00e9 que le texte serait examin\u00e9 par les d\u00e9put\u00e9s avant la fin du mois prochain.',
      'LYON, 6 mars (AFP) \u2014 La m\u00e9tropole a annonc\u00e9 jeudi la r\u00e9ouverture de deux lignes de tramway apr\u00e8s des travaux.',
      'Les travaux avaient dur\u00e9 plus de six mois et co\u00fbt\u00e9 pr\u00e8s de vingt millions selon la m\u00e9tropole.',
    ];
    expect(starts(french.join('\n'))).toEqual([1, 3]);
    const tight = [LEDE_A, A2, 'PORTMAIN, June 4 (Coast Wire)\u2013' + B1, B2];
    expect(starts(tight.join('\n'))).toEqual([1, 3]);
    const chinese = [
      '\u5317\u90e8\u6e2f\u53e3\u6062\u590d\u8fd0\u8f93',
      '\u5317\u90e8\u6e2f\u53e3\u5468\u4e94\u6062\u590d\u96c6\u88c5\u7bb1\u8fd0\u8f93\uff0c\u6b64\u524d\u6f5c\u6c34\u5458\u5df2\u6e05\u7406\u822a\u9053\u3002',
      '\uff08\u5b8c\uff09',
      '\u8001\u57ce\u533a\u65b0\u56fe\u4e66\u9986\u5f00\u653e',
      '\u5e02\u653f\u5e9c\u5728\u8001\u57ce\u533a\u65b0\u5f00\u4e86\u4e00\u5ea7\u56fe\u4e66\u9986\u3002',
    ];
    const { documents } = readDocuments('zh.txt', chinese.join('\n'));
    expect(documents.map((doc) => [doc.recordLine, doc.metadata?.headline])).toEqual([
      [1, chinese[0]],
      [4, chinese[3]],
    ]);
  });

  test('headline shapes', () => {
    const h = (t: string) => isStandaloneHeadline(paragraphShape(t, true));
    expect(h(HEAD_B)).toBe(true);
    expect(h('FERRY COMPANY ADDS TWO SAILINGS')).toBe(true);
    expect(h('WHAT COMES NEXT')).toBe(false); // capitals need four words
    expect(h('Ferry company adds sailings')).toBe(false); // sentence case
    expect(h('Pay May 12')).toBe(false); // a date line
    expect(h('Record March 20')).toBe(false);
    expect(h('Island Council Backs Plan.')).toBe(false);
    expect(h('Will the Island Get a Second Pier?')).toBe(true);
  });

  test('languages without case or spaces: a lede is no headline, a headline line is one', () => {
    const dir = LANGUAGES_DIR;
    const heads: Record<string, string> = {
      zh: '强烈地震袭击南部城市',
      ja: '南部の都市で強い地震',
      th: 'แผ่นดินไหวรุนแรงถล่มเมืองทางใต้',
      hi: 'दक्षिणी शहर में भीषण भूकंप से भारी तबाही',
      ar: 'زلزال قوي يضرب المدينة الجنوبية',
    };
    for (const [language, head] of Object.entries(heads)) {
      const text = fs.readFileSync(path.join(dir, language, 'a.txt'), 'utf8');
      // The story's first paragraph (a lede ending in 。, ।, or a Thai sentence) is no headline.
      const alone = readDocuments('a.txt', text).documents;
      expect([language, alone.length, alone[0].metadata?.headline]).toEqual([
        language,
        1,
        undefined,
      ]);
      // A short line above it is.
      const headed = readDocuments('a.txt', `${head}\n\n${text}`).documents;
      expect([language, headed.length, headed[0].metadata?.headline]).toEqual([language, 1, head]);
    }
  });

  test('shapes in other scripts: sentence marks, words, no case', () => {
    const shape = (t: string) => paragraphShape(t, true);
    for (const ending of ['死亡。', 'है।', 'ہے۔', 'ነው።', 'ရှိသည်။', '「終わり。」', '终于！'])
      expect([ending, shape(`句子 ${ending}`).endsSentence]).toEqual([ending, true]);
    for (const question of ['吗？', 'لماذا؟'])
      expect([question, shape(question).endsQuestion]).toEqual([question, true]);
    // Han letters count half a word each, as the engine counts them; Thai by its words.
    expect(shape('强烈地震袭击南部城市').words).toBe(5);
    expect(shape('据测定7.1级地震造成至少1400人死亡').words).toBe(8); // 14 Han letters, figures
    expect(shape('แผ่นดินไหวรุนแรงถล่มเมืองทางใต้').words).toBeGreaterThan(3);
    // A line in a script without case is neither capitals nor Title Case, a Latin name in it or not.
    const arabic = shape('قال حلف NATO إن القوات ستبقى');
    expect(arabic.case).toBeUndefined();
    expect(isStandaloneHeadline(arabic)).toBe(false);
    expect(shape('FERRY COMPANY ADDS TWO SAILINGS').case).toBe('caps');
  });

  test("a paragraph's text and dateline with its white space collapsed", () => {
    for (const [written, text] of [
      ['Ferry  pier\tbacked\n by council ', 'Ferry pier backed by council'],
      ['Ferry pier backed by council', 'Ferry pier backed by council'],
      [' Ferry\u00a0pier ', 'Ferry pier'],
    ])
      expect(paragraphShape(written, false).text).toBe(text);
    const dated = paragraphShape(`PORTMAIN,\n June  4 -\t${B1}`, false).dateline;
    expect(dated).toMatchObject({ text: 'PORTMAIN, June 4', month: 6, day: 4 });
    expect(paragraphShape(`PORTMAIN, June 4 - ${B1}`, false).dateline).toEqual(dated);
  });
});

describe('every path reads stories', () => {
  test('scan(): in-memory documents and files, named file#N in reports', async () => {
    const text = [LEDE_A, A2, A3, HEAD_B, B1, A2].join('\n');
    const report = await scan([{ path: 'mem.txt', text }], { jobs: 1 });
    expect(report.documents.map((d) => [d.path, d.record])).toEqual([
      ['mem.txt', '1'],
      ['mem.txt', '2'],
    ]);
    expect(report.clusters[0].occurrences.map((o) => [o.record, o.line])).toEqual([
      ['1', 2],
      ['2', 6],
    ]);
    const single = await scan([{ path: 'mem.txt', text }], { jobs: 1, stories: 'file' });
    expect(single.documents.map((d) => d.record)).toEqual([undefined]);
  });
});

/**
 * What stands around a story's top: a wire closing credit (`Reporting by …; Editing by …`) ends
 * the story above it and is no headline of the next; a byline of several lines (`By JANE DOE`,
 * `ASSOCIATED PRESS WRITER`) does not hide the dateline under it; a dateline at the start of an
 * HTML page's or a JSON record's lede dates the story as it does a text story's
 * (src/sources/paragraph-roles.ts, story-starts.ts, story-top.ts, formats/registry.ts). The texts
 * are written for these tests.
 */
import { describe, expect, test } from '@jest/globals';
import { readDocuments } from '../../src/index.js';
import { isCloser, isHeadlineShaped } from '../../src/sources/paragraph-roles.js';
import { paragraphShape } from '../../src/sources/story-shapes.js';
import { storyTop } from '../../src/sources/story-top.js';

const LEDE_A =
  'PORTMAIN, June 4, 2026 (Coast Wire) - The harbour board said on Tuesday it would raise ferry fares by a tenth from next month to pay for two new boats on the island route.';
const A2 =
  'The board said passenger numbers had doubled in five years and the old boats could no longer cope with the summer crowds.';
const LEDE_B =
  'NORTHAVEN, June 5, 2026 (Coast Wire) - Councillors on the island voted on Wednesday to build a second pier for ferries at the northern harbour, a scheme debated for a decade.';
const B2 =
  'The pier will take three years to build and will be paid for partly by a national grant, the council leader said.';
const LEDE_C =
  'WESTCOVE, June 6, 2026 (Coast Wire) - The fishing fleet came back to port two days early on Thursday as a storm moved in from the west.';
const C2 = 'Skippers said the catch had been good despite the short trip, and prices held up.';

/** Each story of a file: first line, headline, dateline, publication date and paragraphs. */
function stories(name: string, text: string) {
  return readDocuments(name, text).documents.map((d) => ({
    line: d.recordLine ?? 1,
    headline: d.metadata?.headline,
    dateline: d.metadata?.dateline,
    published: d.published,
    paragraphs: d.paragraphs?.map((p) => p.text),
  }));
}

describe('a closing credit ends the story above it', () => {
  const closers = [
    'Reporting by Jane Doe; Editing by John Roe',
    '(Reporting by Jane Doe in Portmain; Editing by John Roe)',
    'Additional reporting by Ann Pollard',
    '(Writing by Ann Pollard)',
    'Writing by Ann Pollard; Editing by Tom Reed',
    'Compiled by Tom Reed',
    '[Compiled by the Coast Wire desk]',
    'Editing by John Roe and Ann Pollard',
  ];

  test('it stays with its story, and the next story has no headline from it', () => {
    for (const closer of closers) {
      for (const sep of ['\n', '\n\n']) {
        const text = [LEDE_A, A2, closer, LEDE_B, B2, closer, LEDE_C, C2].join(sep);
        const got = stories('wire.txt', text);
        expect([closer, got.map((s) => [s.headline, s.paragraphs?.at(-1)])]).toEqual([
          closer,
          [
            [undefined, closer],
            [undefined, closer],
            [undefined, C2],
          ],
        ]);
        expect(got.map((s) => s.published)).toEqual(['2026-06-04', '2026-06-05', '2026-06-06']);
      }
    }
  });

  test('in capitals too; with a headline above the next dateline, that headline is its', () => {
    const caps = 'REPORTING BY JANE DOE; EDITING BY JOHN ROE';
    expect(
      stories('w.txt', [LEDE_A, A2, caps, LEDE_B, B2].join('\n')).map((s) => s.headline),
    ).toEqual([undefined, undefined]);
    const text = [LEDE_A, A2, closers[0], 'Island Council Backs Second Pier', LEDE_B, B2];
    expect(
      stories('w.txt', text.join('\n\n')).map((s) => [s.line, s.headline, s.paragraphs?.length]),
    ).toEqual([
      [1, undefined, 3],
      [7, 'Island Council Backs Second Pier', 3],
    ]);
  });

  test('real headlines that start like a credit still head their story', () => {
    for (const headline of [
      'Writing by Candlelight as Storm Cuts Island Power',
      'Writing by Hand Makes a Comeback in Island Schools',
      'Compiled by Robots, the New Tide Tables Are Late',
      'Reporters Barred by Harbour Board',
      'Island Editing Course Fills Up',
    ]) {
      expect(isHeadlineShaped(paragraphShape(headline, true))).toBe(true);
      const got = stories('w.txt', [LEDE_A, A2, headline, LEDE_B, B2].join('\n\n'));
      expect([headline, got.map((s) => [s.line, s.headline])]).toEqual([
        headline,
        [
          [1, undefined],
          [5, headline],
        ],
      ]);
    }
    // A credit is one line; `Writing by` followed by no name is none.
    expect(isCloser(paragraphShape('Reporting by Jane Doe;\nEditing by John Roe', false))).toBe(
      false,
    );
    expect(isCloser(paragraphShape('Writing by candlelight is hard.', true))).toBe(false);
  });
});

describe('a byline of several lines does not hide the dateline', () => {
  const bylines = [
    ['By JANE DOE', 'ASSOCIATED PRESS WRITER'],
    ['By Jane Doe', 'Associated Press Writer'],
    ['By JANE DOE', 'By ANN POLLARD'],
    ['By JANE DOE', 'By ANN POLLARD', 'Staff Correspondents'],
    ['By Jane Doe', 'Reuters'],
  ];

  test('a story alone in its file is dated by the dateline under it', () => {
    for (const byline of bylines) {
      const text = ['FERRY FARES TO RISE BY A TENTH', ...byline, LEDE_A, A2].join('\n\n');
      expect([byline, stories('one.txt', text)[0]]).toMatchObject([
        byline,
        {
          headline: 'FERRY FARES TO RISE BY A TENTH',
          dateline: 'PORTMAIN, June 4, 2026 (Coast Wire)',
          published: '2026-06-04',
        },
      ]);
      // Without a headline above it too.
      expect(stories('one.txt', [...byline, LEDE_A, A2].join('\n'))[0].published).toBe(
        '2026-06-04',
      );
    }
  });

  test('a later story starts at its headline, above the byline, and is dated', () => {
    for (const byline of bylines) {
      for (const sep of ['\n', '\n\n']) {
        const head = 'ISLAND COUNCIL BACKS SECOND PIER';
        const text = [LEDE_A, A2, head, ...byline, LEDE_B, B2].join(sep);
        const got = stories('wire.txt', text);
        expect([byline, got.map((s) => [s.headline, s.published, s.paragraphs?.[0]])]).toEqual([
          byline,
          [
            [undefined, '2026-06-04', LEDE_A],
            [head, '2026-06-05', head],
          ],
        ]);
      }
    }
  });

  test('the look past a byline is bounded; a short line above a dateline is still a headline', () => {
    // A byline counts three lines at most: past five, the dateline is too far down.
    const top = (lines: string[]) => storyTop(lines.map((l) => paragraphShape(l, true)));
    const three = ['HEADLINE OF THE STORY', 'By JANE DOE', 'By ANN POLLARD', 'Staff Writers'];
    expect(top([...three, LEDE_A]).dateline?.text).toBe('PORTMAIN, June 4, 2026 (Coast Wire)');
    expect(top([...three, 'By TOM REED', 'Staff Writer', LEDE_A]).dateline).toBeUndefined();
    // Short lines that follow no `By` line are no byline.
    expect(top(['HEADLINE', 'PRESS RELEASE', 'NEWS SERVICE', LEDE_A]).dateline).toBeUndefined();
    // No `By` line: a short line in capitals above a dateline is its headline, not a credit.
    const got = stories('w.txt', [LEDE_A, A2, 'PRESS PASS FEES RISE', LEDE_B, B2].join('\n'));
    expect(got.map((s) => [s.line, s.headline])).toEqual([
      [1, undefined],
      [3, 'PRESS PASS FEES RISE'],
    ]);
  });
});

describe('a dateline at the start of the lede dates HTML pages and JSON records', () => {
  const lede =
    'PORTMAIN, March 5 (Coast Wire) - The harbour board said on Tuesday it would raise ferry fares by a tenth from next month to pay for two new boats.';
  const html = (head: string, byline = '') =>
    `<html><head><title>Fares rise</title>${head}</head><body><article>\n<h1>Ferry fares to rise</h1>\n${byline}<p>${lede}</p>\n<p>${A2}</p>\n</article></body></html>\n`;

  test('HTML: as in a text or Markdown file of the same name', () => {
    const name = 'news/2026-03-06-fares';
    const txt = readDocuments(`${name}.txt`, `Ferry fares to rise\n\n${lede}\n\n${A2}\n`);
    const md = readDocuments(`${name}.md`, `# Ferry fares to rise\n\n${lede}\n\n${A2}\n`);
    const page = readDocuments(`${name}.html`, html(''));
    for (const read of [txt, md, page])
      expect(read.documents[0]).toMatchObject({
        published: '2026-03-05',
        publishedFrom: 'dateline',
      });
    expect(page.documents[0].metadata).toEqual({
      title: 'Fares rise',
      source: 'Coast Wire',
      dateline: 'PORTMAIN, March 5 (Coast Wire)',
    });
    // Past a byline of two lines; a dateline with its own year needs no date in the name.
    const bylined = html('', '<p>By JANE DOE</p><p>ASSOCIATED PRESS WRITER</p>\n');
    expect(
      readDocuments('fares.html', bylined.replace('March 5', 'March 5, 2026')).documents[0],
    ).toMatchObject({ published: '2026-03-05', publishedFrom: 'dateline' });
  });

  test('HTML: the page metadata first (its date, its own dateline and source)', () => {
    const dated = readDocuments(
      'news/2026-03-06-fares.html',
      html('<meta name="date" content="2026-03-04"><meta property="og:site_name" content="Desk">'),
    ).documents[0];
    expect(dated).toMatchObject({ published: '2026-03-04', publishedFrom: 'metadata' });
    expect(dated.metadata).toMatchObject({
      source: 'Desk',
      dateline: 'PORTMAIN, March 5 (Coast Wire)',
    });
    const own = readDocuments(
      'news/2026-03-06-fares.html',
      html('<meta name="dateline" content="HARBOURTON, March 2">'),
    ).documents[0];
    expect(own).toMatchObject({ published: '2026-03-02', publishedFrom: 'dateline' });
    expect(own.metadata?.source).toBeUndefined();
    // A page whose lede has no dateline is dated by its name, as before.
    const plain = readDocuments('news/2026-03-06-fares.html', html('').replace(lede, A2));
    expect(plain.documents[0]).toMatchObject({
      published: '2026-03-06',
      publishedFrom: 'file name',
    });
    expect(plain.documents[0].metadata).toEqual({ title: 'Fares rise' });
  });

  test("JSON and JSON Lines: a record's body, after its date field", () => {
    const records = [
      { id: 'a1', body: `${lede}\n\n${A2}` },
      { id: 'a2', date: '2026-03-04', body: lede },
      { id: 'a3', paragraphs: ['By JANE DOE', 'ASSOCIATED PRESS WRITER', lede, A2] },
      { id: 'a4', dateline: 'HARBOURTON, March 2', body: lede },
      { id: 'a5', body: A2 },
    ];
    const expected = [
      ['a1', '2026-03-05', 'dateline'],
      ['a2', '2026-03-04', 'metadata'],
      ['a3', '2026-03-05', 'dateline'],
      ['a4', '2026-03-02', 'dateline'],
      ['a5', '2026-03-06', 'file name'],
    ];
    const json = readDocuments('feed/2026-03-06.json', JSON.stringify(records));
    const jsonl = readDocuments(
      'feed/2026-03-06.jsonl',
      records.map((r) => JSON.stringify(r)).join('\n'),
    );
    for (const read of [json, jsonl]) {
      expect(read.documents.map((d) => [d.record, d.published, d.publishedFrom])).toEqual(expected);
      expect(read.documents[0].metadata).toEqual({
        id: 'a1',
        source: 'Coast Wire',
        dateline: 'PORTMAIN, March 5 (Coast Wire)',
      });
    }
  });
});

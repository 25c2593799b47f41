import { describe, expect, test } from '@jest/globals';
import { changedFacts } from '../../src/engine/changed-facts.js';

const BASE =
  'The union represents about 12,000 workers at Port Alder, and inflation ran at 12.5% ' +
  'in the year to March 3, the Reserve Bank said on 2026-11-28.';

describe('changedFacts', () => {
  test('a changed figure with thousands separators', () => {
    expect(changedFacts(BASE, BASE.replace('12,000', '12,500'))).toEqual([
      { from: '12,000', to: '12,500', kind: 'number' },
    ]);
    expect(
      changedFacts('about 1,200 homes were flooded', 'about 1,500 homes were flooded'),
    ).toEqual([{ from: '1,200', to: '1,500', kind: 'number' }]);
  });

  test('a changed percentage and decimal', () => {
    expect(changedFacts(BASE, BASE.replace('12.5%', '13.1%'))).toEqual([
      { from: '12.5%', to: '13.1%', kind: 'number' },
    ]);
    expect(changedFacts('rose to 4.50 percent', 'rose to 4.75 percent')).toEqual([
      { from: '4.50', to: '4.75', kind: 'number' },
    ]);
  });

  test('dates: month and day, day and month, ISO, weekday', () => {
    expect(changedFacts(BASE, BASE.replace('March 3', 'March 4'))).toEqual([
      { from: 'March 3', to: 'March 4', kind: 'date' },
    ]);
    expect(changedFacts(BASE, BASE.replace('2026-11-28', '2026-11-29'))).toEqual([
      { from: '2026-11-28', to: '2026-11-29', kind: 'date' },
    ]);
    expect(changedFacts('talks ended on 3 March 2026.', 'talks ended on 5 March 2026.')).toEqual([
      { from: '3 March 2026', to: '5 March 2026', kind: 'date' },
    ]);
    expect(changedFacts('the bank met on Tuesday', 'the bank met on Wednesday')).toEqual([
      { from: 'Tuesday', to: 'Wednesday', kind: 'date' },
    ]);
  });

  test('capitalized names, not sentence openers', () => {
    expect(changedFacts(BASE, BASE.replace('Port Alder', 'Port Brannock'))).toEqual([
      { from: 'Alder', to: 'Brannock', kind: 'name' },
    ]);
    expect(
      changedFacts(
        'Mayor Ilse Varga said the wall was safe.',
        'Mayor Tomas Reyes said the wall was safe.',
      ),
    ).toEqual([{ from: 'Ilse Varga', to: 'Tomas Reyes', kind: 'name' }]);
    // "The" → "A" at the start of a sentence is no name.
    expect(changedFacts('The wall was built in 2010.', 'A wall was built in 2010.')).toEqual([]);
  });

  test('several changes of different kinds, in order', () => {
    const copy = BASE.replace('12,000', '11,000')
      .replace('March 3', 'April 30')
      .replace('Reserve Bank', 'Treasury');
    expect(changedFacts(BASE, copy)).toEqual([
      { from: '12,000', to: '11,000', kind: 'number' },
      { from: 'March 3', to: 'April 30', kind: 'date' },
      { from: 'Reserve Bank', to: 'Treasury', kind: 'name' },
    ]);
  });

  test('no false flags: identical copies, spacing, curly quotes, case of plain words', () => {
    expect(changedFacts(BASE, BASE)).toEqual([]);
    expect(changedFacts(BASE, BASE.replace(', and', ' , and').replace(/ /g, '  '))).toEqual([]);
    expect(changedFacts("the union's members", 'the union’s members')).toEqual([]);
  });

  test('a dropped or added clause is not a changed fact', () => {
    expect(
      changedFacts(
        'Port Alder handled 2.4 million containers last year, according to the port authority.',
        'Port Alder handled 2.4 million containers last year.',
      ),
    ).toEqual([]);
    expect(
      changedFacts(
        'The river rose quickly.',
        'The river rose quickly after 40 mm of rain on Monday.',
      ),
    ).toEqual([]);
  });

  test('a reworded plain phrase is not a fact', () => {
    expect(changedFacts('the wall was left unfinished', 'the wall was never completed')).toEqual(
      [],
    );
  });
});

import { describe, expect, test } from '@jest/globals';
import { frontMatterDate, parseAge, storyDate } from '../../src/archive/story-date.js';

describe('story dates and ages', () => {
  test('front matter date, date-time, none', () => {
    expect(frontMatterDate('---\ntitle: x\ndate: 2026-05-06\n---\n\nText')).toBe(
      Date.UTC(2026, 4, 6),
    );
    expect(frontMatterDate('---\r\ndate: "2026-05-06T10:30:00Z"\r\n---\r\n')).toBe(
      Date.UTC(2026, 4, 6, 10, 30),
    );
    expect(frontMatterDate('\uFEFF---\ndate: 2026-05-06 08:00:00+02:00\n...\n')).toBe(
      Date.UTC(2026, 4, 6, 6),
    );
    expect(frontMatterDate('# Title\n\ndate: 2026-05-06\n')).toBeNull();
    expect(frontMatterDate('---\ndate: yesterday\n---\n')).toBeNull();
    expect(frontMatterDate('---\ndate: 2026-02-31x\n---\n')).toBeNull();
    expect(storyDate('no front matter', 1234.6)).toBe(1235);
    expect(storyDate('---\ndate: 2000-01-01\n---\n', 5)).toBe(Date.UTC(2000, 0, 1));
  });

  test('ages', () => {
    expect(parseAge('90d')).toBe(90 * 86400000);
    expect(parseAge('12w')).toBe(84 * 86400000);
    expect(parseAge('36h')).toBe(36 * 3600000);
    expect(parseAge('1y')).toBe(365 * 86400000);
    expect(parseAge(' 1.5D ')).toBe(36 * 3600000);
    for (const bad of ['', '90', 'd', '-3d', '3 months', 'soon']) expect(parseAge(bad)).toBeNull();
  });
});

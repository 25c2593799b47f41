/**
 * The documentation: its links: every relative link in README.md, CHANGELOG.md and docs/*.md points at a file of
 * the repository, and every `#anchor` (in the same file or another Markdown file) at a heading
 * there, with GitHub's anchor rules. Also: the README stays a newcomer's page (≤ 250 lines) and
 * every reference page starts with a table of contents.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { marked, type Token, type Tokens } from 'marked';
import { dupgraf } from './helpers/cli.js';
import { REPO_ROOT } from './helpers/paths.js';

/** GitHub's anchor for a heading's text (github-slugger's rule): lower case, punctuation dropped. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** A heading's plain text (inline code, emphasis and links reduced to their text). */
function plain(tokens: Token[] | undefined, raw: string): string {
  if (!tokens) return raw;
  return tokens
    .map((t) => {
      if ('tokens' in t && t.tokens) return plain(t.tokens, (t as Tokens.Generic).text ?? '');
      if (t.type === 'codespan') return (t as Tokens.Codespan).text;
      if (t.type === 'html') return '';
      return (t as Tokens.Generic).text ?? t.raw;
    })
    .join('');
}

interface Parsed {
  anchors: Set<string>;
  links: { href: string; text: string }[];
}

const cache = new Map<string, Parsed>();

/** The anchors of a Markdown file's headings (duplicates numbered as GitHub does) and its links. */
export function parseMarkdown(file: string): Parsed {
  const known = cache.get(file);
  if (known) return known;
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const links: { href: string; text: string }[] = [];
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'heading') {
        const base = slug(plain((t as Tokens.Heading).tokens, (t as Tokens.Heading).text));
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        anchors.add(n === 0 ? base : `${base}-${n}`);
      }
      if (t.type === 'link' || t.type === 'image')
        links.push({ href: (t as Tokens.Link).href, text: t.raw });
      if (t.type === 'html') {
        for (const m of t.raw.matchAll(/\b(?:href|src)="([^"]+)"/g))
          links.push({ href: m[1], text: m[0] });
        for (const m of t.raw.matchAll(/\b(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
      }
      const children = [
        ...(('tokens' in t && (t.tokens as Token[])) || []),
        ...(('items' in t && (t.items as Token[])) || []),
      ];
      if (t.type === 'table') {
        const table = t as Tokens.Table;
        for (const cell of [...table.header, ...table.rows.flat()]) children.push(...cell.tokens);
      }
      walk(children);
    }
  };
  walk(marked.lexer(fs.readFileSync(file, 'utf8')));
  const parsed = { anchors, links };
  cache.set(file, parsed);
  return parsed;
}

/** The problems of one Markdown file's links, one line each (empty when none). */
export function brokenLinks(file: string): string[] {
  const problems: string[] = [];
  const where = path.relative(REPO_ROOT, file);
  for (const { href, text } of parseMarkdown(file).links) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue; // external
    const [target, anchor] = href.split('#', 2) as [string, string | undefined];
    const resolved = target === '' ? file : path.resolve(path.dirname(file), decodeURI(target));
    if (!resolved.startsWith(REPO_ROOT + path.sep) && resolved !== REPO_ROOT) {
      problems.push(`${where}: ${text}: points outside the repository`);
      continue;
    }
    if (!fs.existsSync(resolved)) {
      problems.push(`${where}: ${text}: no such file ${path.relative(REPO_ROOT, resolved)}`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (!resolved.endsWith('.md')) {
      if (!/^L\d+(-L\d+)?$/.test(anchor))
        problems.push(`${where}: ${text}: anchor in a non-Markdown file`);
      continue;
    }
    if (!parseMarkdown(resolved).anchors.has(decodeURIComponent(anchor)))
      problems.push(
        `${where}: ${text}: no heading #${anchor} in ${path.relative(REPO_ROOT, resolved)}`,
      );
  }
  return problems;
}

const DOCS = path.join(REPO_ROOT, 'docs');
const PAGES = [
  path.join(REPO_ROOT, 'README.md'),
  path.join(REPO_ROOT, 'CHANGELOG.md'),
  ...fs
    .readdirSync(DOCS)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => path.join(DOCS, f)),
];

describe('links in README.md and docs/', () => {
  test.each(PAGES.map((p) => [path.relative(REPO_ROOT, p), p]))('%s', (_name, page) => {
    expect(brokenLinks(page)).toEqual([]);
  });

  test('the checker finds a broken file, a broken anchor and a broken anchor in another page', () => {
    const dir = fs.mkdtempSync(path.join(REPO_ROOT, 'tests', '.links-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'a.md'),
        '# Title\n\n## Two words, `code` & more\n\n## Two words, `code` & more\n\n' +
          '[ok](#two-words-code--more) [ok2](#two-words-code--more-1) [ok3](b.md#b-heading)\n' +
          '[bad](#nope) [gone](missing.md) [other](b.md#nope) [web](https://example.org/#x)\n',
      );
      fs.writeFileSync(path.join(dir, 'b.md'), '# B heading\n');
      const problems = brokenLinks(path.join(dir, 'a.md'));
      expect(problems.map((p) => p.replace(/^.*?: /, ''))).toEqual([
        '[bad](#nope): no heading #nope in ' + path.relative(REPO_ROOT, path.join(dir, 'a.md')),
        '[gone](missing.md): no such file ' +
          path.relative(REPO_ROOT, path.join(dir, 'missing.md')),
        '[other](b.md#nope): no heading #nope in ' +
          path.relative(REPO_ROOT, path.join(dir, 'b.md')),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('the README is a newcomer’s page of at most 250 lines', () => {
  const lines = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').split('\n');
  expect(lines.length).toBeLessThanOrEqual(251); // 250 lines and the final newline
});

test.each(
  [
    'cli',
    'check',
    'formats',
    'api',
    'archive-index',
    'how-it-decides',
    'performance',
    'server',
    'languages',
  ].map((n) => [n]),
)('docs/%s.md has a table of contents linking its sections', (name) => {
  const file = path.join(DOCS, `${name}.md`);
  const text = fs.readFileSync(file, 'utf8');
  const sections = [...text.matchAll(/^## (.+)$/gm)].length;
  expect(sections).toBeGreaterThan(1);
  // The contents: a list of in-page links right after the title, one per section at least.
  const toc = /^# .+\n\n(?:.*\n)*?((?:- \[.+\]\(#.+\)\n(?: {2,}- \[.+\]\(#.+\)\n)*)+)/m.exec(text);
  expect(toc).not.toBeNull();
  const entries = toc![1].split('\n').filter((l) => /^- \[/.test(l));
  expect(entries.length).toBe(sections);
});

test('the README’s example output is what `dupgraf scan examples/two-stories.txt` prints', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /```\n\$ dupgraf scan examples\/two-stories\.txt\n([\s\S]*?)```/.exec(readme);
  expect(block).not.toBeNull();
  const r = dupgraf(['scan', 'examples/two-stories.txt']);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(block![1]);
});

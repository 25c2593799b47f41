/**
 * Markdown reader (marked's lexer, GitHub-flavoured CommonMark, with YAML/TOML front matter).
 *
 * Paragraphs are the Markdown structure's paragraphs and headings, also inside list items and
 * block quotes (the HTML reader takes `p`, `li`, `blockquote` and headings too); their text is the
 * inline content with emphasis, link and code syntax stripped and entities decoded (a hard line
 * break is a space, images and inline HTML are dropped). Code blocks, HTML comments, link
 * reference definitions, tables and thematic breaks are skipped; an HTML block other than a
 * comment goes through the HTML reader. Front matter (`---` YAML or `+++` TOML at the very start)
 * is never compared: its `title`, `date`, `slug`, `desk` (or `section`, `category`), `id`,
 * `headline`, `byline` (or `author`), `source` and `dateline` become metadata.
 *
 * Lines are the file's, 1-based: the lexer's tokens carry their source text (`raw`), and the
 * children of a block cover its inner text in order line for line, so a token's first line is its
 * parent's first line plus the line breaks in the siblings before it.
 */

import type { Token, Tokens } from 'marked';
import { entities, marked, smolToml, yaml } from './libraries.js';
import type { DocumentMetadata } from '../../engine/report.js';
import type { ParagraphSpan } from '../../engine/segment.js';
import { collapse, readMarkup } from '../markup.js';
import { metadataFrom } from './metadata.js';

/** A Markdown document read: paragraphs, front matter metadata and problems found. */
export interface MarkdownDocument {
  paragraphs: ParagraphSpan[];
  metadata: DocumentMetadata;
  /** Problems (e.g. front matter that does not parse), each `line N: message`. */
  problems: string[];
  /** Heading level (1-6) of the paragraphs that are headings, by index into `paragraphs`. */
  headings: Map<number, number>;
  /** 1-based lines of thematic breaks (`---`, `***`, `* * *`) and of empty `###` headings. */
  separators: number[];
}

/** Front matter at the very start: `---` (YAML) or `+++` (TOML) fences on their own lines. */
const FRONT_MATTER = /^(?:\ufeff)?(---|\+\+\+)[ \t]*\r?\n([\s\S]*?)(?:\r?\n)?\1[ \t]*(?:\r?\n|$)/;

/** Line breaks (CRLF, CR or LF) in a text. */
function breaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Inline text of tokens: text and code; breaks as spaces; images and inline HTML dropped. */
function inlineText(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  let out = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
      case 'escape':
        out +=
          'tokens' in t && t.tokens ? inlineText(t.tokens) : entities().decodeHTMLStrict(t.text);
        break;
      case 'codespan':
        out += entities().decodeHTMLStrict(t.text);
        break;
      case 'br':
        out += ' ';
        break;
      case 'html':
      case 'image':
        break;
      default:
        out += 'tokens' in t && t.tokens ? inlineText(t.tokens) : '';
    }
  }
  return out;
}

function frontMatter(kind: 'yaml' | 'toml', body: string, problems: string[]): DocumentMetadata {
  try {
    return metadataFrom(kind === 'yaml' ? yaml().parse(body) : smolToml().parse(body), {});
  } catch (error) {
    const message = String((error as Error).message ?? error).split('\n')[0];
    problems.push(
      `line 1: front matter is not valid ${kind === 'yaml' ? 'YAML' : 'TOML'} (${message}); ignored`,
    );
    return {};
  }
}

/** The paragraphs, headings and separators of a Markdown text's block tokens, as they are walked. */
class MarkdownWalk {
  readonly paragraphs: ParagraphSpan[] = [];
  /** Heading level by 0-based paragraph index. */
  readonly headings = new Map<number, number>();
  /** 1-based lines of the separators (`---`, `***`, an empty `###` heading). */
  readonly separators: number[] = [];

  /** Walks block tokens whose first one starts on 1-based line `first`. */
  walk(tokens: readonly Token[], first: number): void {
    let line = first;
    for (const t of tokens) {
      // Leading line breaks of a token (a blank line before a list item's text) shift it down.
      const lead = breaks(t.raw.slice(0, t.raw.length - t.raw.trimStart().length));
      this.block(t, line + lead);
      line += breaks(t.raw);
    }
  }

  /** One block token starting on line `at`. */
  private block(t: Token, at: number): void {
    switch (t.type) {
      case 'paragraph':
        this.push(at, t.raw.trimStart(), inlineText(t.tokens));
        break;
      case 'heading': {
        const before = this.paragraphs.length;
        this.push(at, t.raw.trimStart(), inlineText(t.tokens));
        if (this.paragraphs.length > before) this.headings.set(before, (t as Tokens.Heading).depth);
        else if (/^#{3,}[ \t]*$/.test(t.raw.trim())) this.separators.push(at);
        break;
      }
      case 'hr':
        this.separators.push(at);
        break;
      case 'text':
        // A tight list item's text.
        this.push(at, t.raw.trimStart(), inlineText((t as Tokens.Text).tokens ?? [t]));
        break;
      case 'list':
        this.walkItems((t as Tokens.List).items, at);
        break;
      case 'blockquote':
        this.walk((t as Tokens.Blockquote).tokens, at);
        break;
      case 'html':
        if ((t as Tokens.HTML).block === false || /^\s*<!--/.test(t.raw)) break;
        this.htmlBlock(t.raw.trimStart(), at);
        break;
      default:
      // space, code, def, table, hr and anything else: not prose.
    }
  }

  /** A paragraph on `line` written as `raw` (for its last line), its text `content`. */
  private push(line: number, raw: string, content: string): void {
    const joined = collapse(content);
    if (joined === '') return;
    this.paragraphs.push({
      index: this.paragraphs.length + 1,
      line,
      endLine: line + breaks(raw.trimEnd()),
      start: 0,
      end: 0,
      text: joined,
    });
  }

  /** An HTML block on line `at`: its block elements are paragraphs, lines shifted to the file's. */
  private htmlBlock(html: string, at: number): void {
    for (const span of readMarkup(html, 'html').paragraphs) {
      this.paragraphs.push({
        ...span,
        index: this.paragraphs.length + 1,
        line: span.line + at - 1,
        endLine: span.endLine + at - 1,
        start: 0,
        end: 0,
      });
    }
  }

  private walkItems(items: readonly Tokens.ListItem[], first: number): void {
    let line = first;
    for (const item of items) {
      this.walk(item.tokens, line);
      line += breaks(item.raw);
    }
  }
}

/** Reads a Markdown document (see the module comment). */
export function readMarkdown(text: string): MarkdownDocument {
  const problems: string[] = [];
  let metadata: DocumentMetadata = {};
  let source = text;
  const fence = FRONT_MATTER.exec(text);
  if (fence) {
    metadata = frontMatter(fence[1] === '---' ? 'yaml' : 'toml', fence[2], problems);
    // The front matter's lines are kept as blank lines, so lines stay the file's.
    source = '\n'.repeat(breaks(fence[0])) + text.slice(fence[0].length);
  }
  const walk = new MarkdownWalk();
  walk.walk(new (marked().Lexer)({ gfm: true }).lex(source), 1);
  const { paragraphs, headings, separators } = walk;
  return { paragraphs, metadata, problems, headings, separators };
}

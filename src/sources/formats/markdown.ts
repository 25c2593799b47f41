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

/** Reads a Markdown document (see the module comment). */
export function readMarkdown(text: string): MarkdownDocument {
  const paragraphs: ParagraphSpan[] = [];
  const problems: string[] = [];
  const headings = new Map<number, number>();
  const separators: number[] = [];
  let metadata: DocumentMetadata = {};
  let source = text;
  const fence = FRONT_MATTER.exec(text);
  if (fence) {
    metadata = frontMatter(fence[1] === '---' ? 'yaml' : 'toml', fence[2], problems);
    // The front matter's lines are kept as blank lines, so lines stay the file's.
    source = '\n'.repeat(breaks(fence[0])) + text.slice(fence[0].length);
  }

  const push = (line: number, raw: string, content: string) => {
    const joined = collapse(content);
    if (joined === '') return;
    paragraphs.push({
      index: paragraphs.length + 1,
      line,
      endLine: line + breaks(raw.trimEnd()),
      start: 0,
      end: 0,
      text: joined,
    });
  };
  /** Walks block tokens whose first one starts on `line`. */
  const walk = (tokens: readonly Token[], first: number) => {
    let line = first;
    for (const t of tokens) {
      // Leading line breaks of a token (a blank line before a list item's text) shift it down.
      const lead = breaks(t.raw.slice(0, t.raw.length - t.raw.trimStart().length));
      const at = line + lead;
      switch (t.type) {
        case 'paragraph':
          push(at, t.raw.trimStart(), inlineText(t.tokens));
          break;
        case 'heading': {
          const before = paragraphs.length;
          push(at, t.raw.trimStart(), inlineText(t.tokens));
          if (paragraphs.length > before) headings.set(before, (t as Tokens.Heading).depth);
          else if (/^#{3,}[ \t]*$/.test(t.raw.trim())) separators.push(at);
          break;
        }
        case 'hr':
          separators.push(at);
          break;
        case 'text':
          // A tight list item's text.
          push(at, t.raw.trimStart(), inlineText((t as Tokens.Text).tokens ?? [t]));
          break;
        case 'list':
          walkItems((t as Tokens.List).items, at);
          break;
        case 'blockquote':
          walk((t as Tokens.Blockquote).tokens, at);
          break;
        case 'html': {
          if ((t as Tokens.HTML).block === false || /^\s*<!--/.test(t.raw)) break;
          // An HTML block: its block elements are paragraphs, lines shifted to the file's.
          for (const span of readMarkup(t.raw.trimStart(), 'html').paragraphs) {
            paragraphs.push({
              ...span,
              index: paragraphs.length + 1,
              line: span.line + at - 1,
              endLine: span.endLine + at - 1,
              start: 0,
              end: 0,
            });
          }
          break;
        }
        default:
        // space, code, def, table, hr and anything else: not prose.
      }
      line += breaks(t.raw);
    }
  };
  const walkItems = (items: readonly Tokens.ListItem[], first: number) => {
    let line = first;
    for (const item of items) {
      walk(item.tokens, line);
      line += breaks(item.raw);
    }
  };
  walk(new (marked().Lexer)({ gfm: true }).lex(source), 1);
  return { paragraphs, metadata, problems, headings, separators };
}

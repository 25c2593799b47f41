/**
 * Markdown reader (mdast-util-from-markdown, CommonMark, with YAML/TOML front matter).
 *
 * Paragraphs are the Markdown structure's paragraphs and headings, also inside list items and
 * block quotes (the HTML reader takes `p`, `li`, `blockquote` and headings too); their text is the
 * inline content with emphasis, link and code syntax stripped (a hard line break is a space,
 * images and inline HTML are dropped). Code blocks, HTML comments, link reference definitions and
 * thematic breaks are skipped; an HTML block other than a comment goes through the HTML reader.
 * Front matter (`---` YAML or `+++` TOML at the very start) is never compared: its `title`,
 * `date`, `slug`, `desk` (or `section`, `category`), `id`, `headline`, `byline` (or `author`),
 * `source` and `dateline` become metadata. Lines are the file's, 1-based.
 */

import type { Nodes, Parents, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { frontmatter } from 'micromark-extension-frontmatter';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
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
}

/** Inline text of a node: text and code values; breaks as spaces; images and HTML dropped. */
function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return ' ';
    case 'html':
    case 'image':
    case 'imageReference':
    case 'footnoteReference':
      return '';
    default:
      return 'children' in node ? (node.children as Nodes[]).map(inlineText).join('') : '';
  }
}

function frontMatter(
  node: Extract<RootContent, { type: 'yaml' }> | { type: 'toml'; value: string },
  line: number,
  problems: string[],
): DocumentMetadata {
  try {
    const data: unknown = node.type === 'yaml' ? parseYaml(node.value) : parseToml(node.value);
    return metadataFrom(data, {});
  } catch (error) {
    const what = node.type === 'yaml' ? 'YAML' : 'TOML';
    const message = String((error as Error).message ?? error).split('\n')[0];
    problems.push(`line ${line}: front matter is not valid ${what} (${message}); ignored`);
    return {};
  }
}

/** Reads a Markdown document (see the module comment). */
export function readMarkdown(text: string): MarkdownDocument {
  const tree = fromMarkdown(text, {
    extensions: [frontmatter(['yaml', 'toml'])],
    mdastExtensions: [frontmatterFromMarkdown(['yaml', 'toml'])],
  });
  const paragraphs: ParagraphSpan[] = [];
  const problems: string[] = [];
  let metadata: DocumentMetadata = {};
  const push = (node: Nodes, textOf: string) => {
    const pos = node.position;
    const joined = collapse(textOf);
    if (!pos || joined === '') return;
    paragraphs.push({
      index: paragraphs.length + 1,
      line: pos.start.line,
      endLine: pos.end.line,
      start: pos.start.offset ?? 0,
      end: pos.end.offset ?? 0,
      text: joined,
    });
  };
  const walk = (parent: Parents) => {
    for (const node of parent.children as Nodes[]) {
      switch (node.type) {
        case 'paragraph':
        case 'heading':
          push(node, inlineText(node));
          break;
        case 'list':
        case 'listItem':
        case 'blockquote':
          walk(node);
          break;
        case 'html': {
          const pos = node.position;
          if (!pos || /^\s*<!--/.test(node.value)) break;
          // An HTML block: its block elements are paragraphs, lines shifted to the file's.
          for (const span of readMarkup(node.value, 'html').paragraphs) {
            paragraphs.push({
              ...span,
              index: paragraphs.length + 1,
              line: span.line + pos.start.line - 1,
              endLine: span.endLine + pos.start.line - 1,
              start: span.start + (pos.start.offset ?? 0),
              end: span.end + (pos.start.offset ?? 0),
            });
          }
          break;
        }
        case 'yaml':
          metadata = frontMatter(node, node.position?.start.line ?? 1, problems);
          break;
        default: {
          const other = node as { type: string; value?: string; position?: Nodes['position'] };
          if (other.type === 'toml' && typeof other.value === 'string')
            metadata = frontMatter(
              { type: 'toml', value: other.value },
              other.position?.start.line ?? 1,
              problems,
            );
          // code, definition, thematicBreak and anything else: not prose.
        }
      }
    }
  };
  walk(tree);
  return { paragraphs, metadata, problems };
}

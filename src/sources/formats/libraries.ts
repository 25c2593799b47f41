/**
 * The readers' parser libraries (htmlparser2, marked, entities, fast-xml-parser), loaded on first use so a
 * run that reads only text (and `--version`, `--help`) does not pay ~0.1 s of module loading.
 *
 * The readers are synchronous, so each library is got synchronously: from {@link loadReaders}
 * when it already ran (an ES `import()`, awaited by the async entry points before files are
 * read), else with `require()` (Node ≥ 20.19 loads these ES modules synchronously). jest's
 * module registry cannot `require()` an ES module, which is why a plain lazy `import()` inside a
 * synchronous reader could not work there: code run under jest (and any embedder whose loader
 * cannot) awaits {@link loadReaders} first; the API's `scan()` and `readDocument()` do.
 */

import { createRequire } from 'node:module';
import type * as Htmlparser2 from 'htmlparser2';
import type * as Marked from 'marked';
import type * as Entities from 'entities';
import type * as FastXmlParser from 'fast-xml-parser';
import type * as Yaml from 'yaml';
import type * as SmolToml from 'smol-toml';
import type { InputFormat } from './input-format.js';

const loaded: {
  htmlparser2?: typeof Htmlparser2;
  marked?: typeof Marked;
  entities?: typeof Entities;
  fastXmlParser?: typeof FastXmlParser;
} = {};

const require = createRequire(import.meta.url);

/** htmlparser2 (HTML, XML, NITF, NewsML-G2, HTML in Markdown and JSON records). */
export function htmlparser2(): typeof Htmlparser2 {
  return (loaded.htmlparser2 ??= require('htmlparser2') as typeof Htmlparser2);
}

/** marked (Markdown). */
export function marked(): typeof Marked {
  return (loaded.marked ??= require('marked') as typeof Marked);
}

/** entities (HTML entities in Markdown text; its decoding tables take ~10 ms to build). */
export function entities(): typeof Entities {
  return (loaded.entities ??= require('entities') as typeof Entities);
}

/** fast-xml-parser (XML well-formedness). */
export function fastXmlParser(): typeof FastXmlParser {
  return (loaded.fastXmlParser ??= require('fast-xml-parser') as typeof FastXmlParser);
}

let yamlModule: typeof Yaml | undefined;
let smolTomlModule: typeof SmolToml | undefined;

/**
 * yaml (front matter of Markdown, YAML config files), loaded on first use with `require()`: it
 * ships CommonJS, which every loader (jest's too) can require. Only files that have YAML pay for
 * its ~50 ms of loading.
 */
export function yaml(): typeof Yaml {
  return (yamlModule ??= require('yaml') as typeof Yaml);
}

/** smol-toml (TOML front matter of Markdown), loaded on first use (its CommonJS build). */
export function smolToml(): typeof SmolToml {
  return (smolTomlModule ??= require('smol-toml') as typeof SmolToml);
}

/** The libraries each format's reader needs (JSON and Markdown hand HTML to the HTML reader). */
const NEEDS: Record<Exclude<InputFormat, 'auto'>, readonly (keyof typeof loaded)[]> = {
  text: [],
  html: ['htmlparser2'],
  markdown: ['marked', 'entities', 'htmlparser2'],
  xml: ['htmlparser2', 'fastXmlParser'],
  nitf: ['htmlparser2', 'fastXmlParser'],
  newsml: ['htmlparser2', 'fastXmlParser'],
  json: ['htmlparser2'],
  jsonl: ['htmlparser2'],
};

/**
 * Loads (once) the libraries of the readers of `formats` (default: every format) with `import()`.
 * Cheap when they are loaded already.
 */
export async function loadReaders(
  formats: Iterable<InputFormat> = Object.keys(NEEDS) as InputFormat[],
): Promise<void> {
  const wanted = new Set<keyof typeof loaded>();
  for (const f of formats)
    for (const lib of f === 'auto' ? Object.values(NEEDS).flat() : NEEDS[f]) wanted.add(lib);
  await Promise.all(
    [...wanted].map(async (lib) => {
      if (loaded[lib]) return;
      try {
        if (lib === 'htmlparser2') loaded.htmlparser2 = await import('htmlparser2');
        else if (lib === 'marked') loaded.marked = await import('marked');
        else if (lib === 'entities') loaded.entities = await import('entities');
        else loaded.fastXmlParser = await import('fast-xml-parser');
      } catch {
        // Left to the reader: its `require()` fails again, and the file is read as text with a
        // warning naming the problem (a reader never stops the run).
      }
    }),
  );
}

/**
 * Metadata from a parsed object (Markdown front matter, a JSON record): the first field present
 * among each metadata key's usual names.
 */

import { METADATA_KEYS, type DocumentMetadata } from '../../engine/report.js';
import { collapse } from '../markup.js';

/** Field names tried for each metadata key, in order (case-sensitive). */
export const METADATA_FIELDS: Readonly<Record<keyof DocumentMetadata, readonly string[]>> = {
  id: ['id', 'guid', 'uid'],
  title: ['title'],
  headline: ['headline', 'hed'],
  date: ['date', 'published', 'publishedAt', 'published_at', 'pubDate', 'datePublished'],
  desk: ['desk', 'section', 'category'],
  source: ['source', 'agency', 'provider'],
  byline: ['byline', 'author', 'by'],
  dateline: ['dateline'],
  slug: ['slug', 'slugline'],
};

/**
 * The value at `field` in `record`: a key as written, else a dotted path (`meta.date`);
 * undefined when absent.
 */
export function fieldValue(record: Record<string, unknown>, field: string): unknown {
  if (Object.hasOwn(record, field)) return record[field];
  if (!field.includes('.')) return undefined;
  let value: unknown = record;
  for (const part of field.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part))
      return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A scalar (or a list of scalars) as one line of text; undefined for anything else or blank. */
export function scalarText(value: unknown): string | undefined {
  let text: string | undefined;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    text = String(value);
  else if (value instanceof Date) {
    // TOML local dates print as `YYYY-MM-DD`; other dates as ISO 8601.
    const s = String(value);
    text = /^\d{4}-\d\d-\d\d/.test(s)
      ? s
      : Number.isNaN(value.getTime())
        ? undefined
        : value.toISOString();
  } else if (Array.isArray(value)) {
    const parts = value.map(scalarText).filter((x): x is string => x !== undefined);
    text = parts.length > 0 ? parts.join(', ') : undefined;
  }
  if (text === undefined) return undefined;
  const collapsed = collapse(text);
  return collapsed === '' ? undefined : collapsed;
}

/**
 * Metadata of an object: for each key, the field named in `fields` (a dotted path allowed) or
 * else the first of {@link METADATA_FIELDS} present. Not an object: no metadata.
 */
export function metadataFrom(
  data: unknown,
  fields: Partial<Record<keyof DocumentMetadata, string>>,
): DocumentMetadata {
  const out: DocumentMetadata = {};
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return out;
  const record = data as Record<string, unknown>;
  for (const key of METADATA_KEYS) {
    const names = fields[key] !== undefined ? [fields[key]] : METADATA_FIELDS[key];
    for (const name of names) {
      const value = scalarText(fieldValue(record, name));
      if (value !== undefined) {
        out[key] = value;
        break;
      }
    }
  }
  return out;
}

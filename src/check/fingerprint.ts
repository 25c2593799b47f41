/**
 * Stable fingerprints of findings, for baselines and SARIF `partialFingerprints`. They are derived
 * from content, never from line numbers: the story's path and the normalized words of the
 * paragraph and of the copied paragraph. Moving a paragraph, inserting lines above it or editing
 * other paragraphs leaves its fingerprint unchanged.
 */

import { createHash } from 'node:crypto';
import { words } from '../engine/normalize.js';

/** Normalized word sequence of a text, joined by single spaces (the fingerprinted content). */
export function contentKey(text: string): string {
  return words(text).join(' ');
}

/** Fingerprint (16 hex digits) of a story's paragraph copying a source paragraph. */
export function findingFingerprint(storyPath: string, paragraph: string, source: string): string {
  return createHash('sha256')
    .update(`dupgraf-finding-v1\0${storyPath}\0${contentKey(paragraph)}\0${contentKey(source)}`)
    .digest('hex')
    .slice(0, 16);
}

/** Id (16 hex digits) of an approved text, from its normalized words. */
export function textId(text: string): string {
  return createHash('sha256')
    .update(`dupgraf-text-v1\0${contentKey(text)}`)
    .digest('hex')
    .slice(0, 16);
}

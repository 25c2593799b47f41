/**
 * The identity of a SQLite index file, apart from the code that reads it (so that the published
 * types of these numbers need no database library's).
 */

/** Version of the index's table layout; an index of another version must be rebuilt. */
export const INDEX_FORMAT_VERSION = 4;
/** `PRAGMA application_id` of a dupgraf index ('dgrf'). */
export const INDEX_APPLICATION_ID = 0x64677266;
/** The `meta` key under which the approved registry is stored with the index (JSON). */
export const APPROVALS_META_KEY = 'approvals';

/**
 * Whether `header` (the first 72 bytes or more of a file) is that of a dupgraf index: an SQLite
 * database whose `application_id` (big-endian, at byte 68) is {@link INDEX_APPLICATION_ID}.
 */
export function isIndexHeader(header: Uint8Array): boolean {
  if (header.length < 72) return false;
  const magic = 'SQLite format 3\0';
  for (let i = 0; i < magic.length; i++) if (header[i] !== magic.charCodeAt(i)) return false;
  const id = ((header[68] << 24) | (header[69] << 16) | (header[70] << 8) | header[71]) >>> 0;
  return id === INDEX_APPLICATION_ID;
}

/**
 * The identity of a SQLite index file, apart from the code that reads it (so that the published
 * types of these numbers need no database library's).
 */

/** Version of the index's table layout; an index of another version must be rebuilt. */
export const INDEX_FORMAT_VERSION = 4;
/** `PRAGMA application_id` of a dupgraf index ('dgrf'). */
export const INDEX_APPLICATION_ID = 0x64677266;

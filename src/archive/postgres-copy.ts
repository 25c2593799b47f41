/**
 * PostgreSQL's binary COPY format as a PostgreSQL add writes it (no text escaping, no hex for
 * bytea, no string per row): posting tuples from typed arrays, other rows field by field, and
 * the `COPY … FROM STDIN` that sends them. Used by the batch writer (postgres-writer.ts) and a
 * new index's bulk load (postgres-bulk.ts).
 */

import type { PostgresConnection } from './postgres-connection.js';

/** The signature, flags and header extension that open a binary COPY (PostgreSQL's COPY docs). */
const BINARY_COPY_HEADER = Buffer.concat([
  Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
  Buffer.alloc(8),
]);
/** Bytes of one posting tuple: a field count (int16), then int4, bool, int4, int4 each after its length (int32). */
const POSTING_TUPLE = 2 + (4 + 4) + (4 + 1) + (4 + 4) + (4 + 4);

/**
 * Posting rows `order[0]`, `order[1]` … as a binary COPY of (token int4, prefix bool, size int4,
 * text int4): header, tuples, trailer.
 */
export function postingTuples(
  token: Int32Array,
  prefix: Uint8Array,
  size: Uint32Array,
  text: Uint32Array,
  order: Uint32Array,
): Buffer {
  const head = BINARY_COPY_HEADER.length;
  const out = Buffer.alloc(head + order.length * POSTING_TUPLE + 2);
  BINARY_COPY_HEADER.copy(out, 0);
  // Each tuple: the field count (4), then each field's length and value, big-endian, written
  // byte by byte into the zeroed buffer (the zero bytes left as they are).
  let at = head;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    out[at + 1] = 4;
    out[at + 5] = 4;
    out[at + 13] = 1;
    out[at + 18] = 4;
    out[at + 26] = 4;
    const t = token[i];
    out[at + 6] = t >>> 24;
    out[at + 7] = t >>> 16;
    out[at + 8] = t >>> 8;
    out[at + 9] = t;
    out[at + 14] = prefix[i] ? 1 : 0;
    const s = size[i];
    out[at + 19] = s >>> 24;
    out[at + 20] = s >>> 16;
    out[at + 21] = s >>> 8;
    out[at + 22] = s;
    const x = text[i];
    out[at + 27] = x >>> 24;
    out[at + 28] = x >>> 16;
    out[at + 29] = x >>> 8;
    out[at + 30] = x;
    at += POSTING_TUPLE;
  }
  out.writeInt16BE(-1, at);
  return out;
}

/**
 * Rows in PostgreSQL's binary COPY format, built into one growing buffer: no text escaping, no
 * hex for bytea, no string per row.
 */
export class BinaryRows {
  private buf = Buffer.allocUnsafe(1 << 16);
  private at = BINARY_COPY_HEADER.length;
  rows = 0;

  constructor() {
    BINARY_COPY_HEADER.copy(this.buf, 0);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  /** Starts a row of `fields` fields. */
  row(fields: number): this {
    this.room(2);
    this.buf.writeInt16BE(fields, this.at);
    this.at += 2;
    this.rows++;
    return this;
  }

  /** An int4 field (`value` taken as a 32-bit integer). */
  int4(value: number): this {
    this.room(8);
    this.buf.writeInt32BE(4, this.at);
    this.buf.writeInt32BE(value | 0, this.at + 4);
    this.at += 8;
    return this;
  }

  /** An int8 field from a whole number of magnitude below 2^53. */
  int8(value: number): this {
    this.room(12);
    const high = Math.floor(value / 4294967296);
    this.buf.writeInt32BE(8, this.at);
    this.buf.writeInt32BE(high | 0, this.at + 4);
    this.buf.writeUInt32BE((value - high * 4294967296) >>> 0, this.at + 8);
    this.at += 12;
    return this;
  }

  /** A bytea field: the bytes as they are. */
  bytes(value: Uint8Array): this {
    this.room(4 + value.length);
    this.buf.writeInt32BE(value.length, this.at);
    this.buf.set(value, this.at + 4);
    this.at += 4 + value.length;
    return this;
  }

  /** A text field (UTF-8; NUL dropped, as PostgreSQL's text cannot hold it), or NULL. */
  text(value: string | null): this {
    if (value === null) {
      this.room(4);
      this.buf.writeInt32BE(-1, this.at);
      this.at += 4;
      return this;
    }
    const v = value.includes('\0') ? value.replace(/\0/g, '') : value;
    this.room(4 + 3 * v.length);
    const n = this.buf.write(v, this.at + 4, 'utf8');
    this.buf.writeInt32BE(n, this.at);
    this.at += 4 + n;
    return this;
  }

  /** The rows with the trailer. */
  finish(): Buffer {
    this.room(2);
    this.buf.writeInt16BE(-1, this.at);
    this.at += 2;
    return this.buf.subarray(0, this.at);
  }
}

/**
 * Runs `COPY target FROM STDIN (FORMAT binary)` with rows already in PostgreSQL's binary COPY
 * format (see {@link postingTuples}, {@link BinaryRows}), sent in pieces of 1 MiB; `freeze` adds
 * FREEZE (rows written frozen: only into a table emptied or made in the same transaction).
 */
export async function copyBinary(
  c: PostgresConnection,
  target: string,
  data: Buffer,
  freeze: boolean,
): Promise<void> {
  const CHUNK = 1 << 20;
  const pieces = function* () {
    for (let at = 0; at < data.length; at += CHUNK) yield data.subarray(at, at + CHUNK);
  };
  await copyIn(c, `COPY ${target} FROM STDIN (FORMAT binary${freeze ? ', FREEZE' : ''})`, pieces());
}

/** Runs a `COPY … FROM STDIN` statement, sending `pieces` in order (waiting when the socket is full). */
async function copyIn(
  c: PostgresConnection,
  sql: string,
  pieces: Iterator<string | Buffer>,
): Promise<void> {
  const { from } = await import('pg-copy-streams');
  const stream = c.client.query(from(sql));
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', () => resolve());
    const write = () => {
      for (let next = pieces.next(); !next.done; next = pieces.next()) {
        if (!stream.write(next.value)) {
          stream.once('drain', write);
          return;
        }
      }
      stream.end();
    };
    write();
  });
}

/**
 * Output in pieces: reporters whose text can outgrow one JavaScript string (a report of millions
 * of paragraphs) also produce it as a sequence of string chunks, which the CLI writes one by one.
 * Joining the chunks gives exactly the text the string-returning reporter returns.
 */

/** Chunks are flushed once they hold at least this many UTF-16 code units (64 Ki). */
export const CHUNK_SIZE = 1 << 16;

/**
 * Joins lines with `eol` (and ends with `eol` when `finalEol`), as `lines.join(eol)` (+ `eol`)
 * would, yielding chunks of about {@link CHUNK_SIZE} code units.
 */
export function* joinLines(
  lines: Iterable<string>,
  eol: string,
  finalEol: boolean,
): Generator<string> {
  let buffer = '';
  let first = true;
  for (const line of lines) {
    if (first) {
      buffer = line;
      first = false;
    } else buffer += eol + line;
    if (buffer.length >= CHUNK_SIZE) {
      yield buffer;
      buffer = '';
    }
  }
  if (finalEol) buffer += eol;
  if (buffer.length > 0) yield buffer;
}

/** Concatenates chunks into one string. */
export function joinChunks(chunks: Iterable<string>): string {
  let text = '';
  for (const chunk of chunks) text += chunk;
  return text;
}

/** Where {@link jsonChunks} collects text between flushes. */
interface Sink {
  text: string;
}

/**
 * Containers nested deeper than this are serialised in one `JSON.stringify` call (a report's
 * occurrence or pair objects); shallower ones element by element.
 */
const STREAM_DEPTH = 4;

function leaf(value: unknown, indent: string): string | undefined {
  const s = JSON.stringify(value, null, 2) as string | undefined;
  // Strings in JSON text never hold a raw line break: every '\n' is layout, indented one level.
  return s === undefined || indent === '' || !s.includes('\n')
    ? s
    : s.replaceAll('\n', '\n' + indent);
}

function* walk(
  value: unknown,
  key: string,
  indent: string,
  depth: number,
  sink: Sink,
): Generator<string, boolean> {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  if (value === null || typeof value !== 'object' || depth >= STREAM_DEPTH) {
    const s = leaf(value, indent);
    if (s === undefined) return false;
    sink.text += s;
    return true;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) {
      sink.text += '[]';
      return true;
    }
    sink.text += '[';
    for (let i = 0; i < value.length; i++) {
      sink.text += (i === 0 ? '\n' : ',\n') + inner;
      if (!(yield* walk(value[i], String(i), inner, depth + 1, sink))) sink.text += 'null';
      if (sink.text.length >= CHUNK_SIZE) {
        yield sink.text;
        sink.text = '';
      }
    }
    sink.text += '\n' + indent + ']';
    return true;
  }
  let any = false;
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    const mark = sink.text.length;
    sink.text += (any ? ',\n' : '{\n') + inner + JSON.stringify(k) + ': ';
    // A value that serialises to nothing (a toJSON returning undefined) drops its key, as in
    // JSON.stringify; only possible for leaves, which never flush.
    if (yield* walk(v, k, inner, depth + 1, sink)) any = true;
    else sink.text = sink.text.slice(0, mark);
    if (sink.text.length >= CHUNK_SIZE) {
      yield sink.text;
      sink.text = '';
    }
  }
  sink.text += any ? '\n' + indent + '}' : '{}';
  return true;
}

/**
 * `JSON.stringify(value, null, 2)` as a sequence of chunks of about {@link CHUNK_SIZE} code units,
 * for values whose text does not fit one string. Yields nothing for a value JSON.stringify maps to
 * undefined.
 */
export function* jsonChunks(value: unknown): Generator<string> {
  const sink: Sink = { text: '' };
  yield* walk(value, '', '', 0, sink);
  if (sink.text.length > 0) yield sink.text;
}

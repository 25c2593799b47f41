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

/** Arrays longer than this are written element by element (others in one native call). */
const LONG_ARRAY = 1024;
/** Elements of a long array are serialised natively in runs of this many. */
const RUN = 256;

/** Whether a value holds a long array, in itself or one level down (a group's copies). */
function isLarge(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length > LONG_ARRAY;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  // Keys by `for…in` (own enumerable ones: report objects are plain), with no array made per call.
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    const v = (value as Record<string, unknown>)[k];
    if (Array.isArray(v) && v.length > LONG_ARRAY) return true;
  }
  return false;
}

/** Native JSON text of `value` at nesting `indent` (undefined when JSON omits it). */
function native(value: unknown, indent: string): string | undefined {
  if (indent === '' || !plainData(value)) {
    const s = JSON.stringify(value, null, 2) as string | undefined;
    // Strings in JSON text never hold a raw line break: every '\n' is layout, indented one level.
    return s === undefined || indent === '' || !s.includes('\n')
      ? s
      : s.replaceAll('\n', '\n' + indent);
  }
  // Wrapped in one array per level, the value is written at its own depth: its text is cut out
  // of the wrapping, with no second pass to indent it. Around it: d² + 3d characters before
  // ("[\n", "  [\n", …, then its own indent) and d² + d after ("\n  ]", …, "\n]").
  const depth = indent.length / 2;
  let wrapped: unknown = value;
  for (let d = 0; d < depth; d++) wrapped = [wrapped];
  const s = JSON.stringify(wrapped, null, 2);
  return s.slice(depth * depth + 3 * depth, s.length - depth * depth - depth);
}

/** Whether JSON writes `value` as itself in an array too (no toJSON of its own; not omitted). */
function plainData(value: unknown): boolean {
  if (value === null) return true;
  const type = typeof value;
  if (type === 'object') return typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  return type === 'string' || type === 'number' || type === 'boolean';
}

function flush(sink: Sink): string | undefined {
  if (sink.text.length < CHUNK_SIZE) return undefined;
  const text = sink.text;
  sink.text = '';
  return text;
}

function* walkArray(value: unknown[], indent: string, sink: Sink): Generator<string> {
  const inner = indent + '  ';
  sink.text += '[';
  let i = 0;
  while (i < value.length) {
    sink.text += (i === 0 ? '\n' : ',\n') + inner;
    if (isLarge(value[i])) {
      yield* walk(value[i], String(i), inner, sink);
      i++;
    } else {
      // A run of ordinary elements in one native call: "[\n  x,\n  y\n]" minus its brackets.
      let j = i + 1;
      while (j < value.length && j - i < RUN && !isLarge(value[j])) j++;
      const s = native(value.slice(i, j), indent)!;
      const run = s.slice(2 + indent.length + 2, s.length - 2 - indent.length);
      // A run that fills a chunk goes out as it is: appended, it would be copied once more.
      if (sink.text.length + run.length >= CHUNK_SIZE) {
        if (sink.text.length > 0) yield sink.text;
        sink.text = '';
        yield run;
      } else sink.text += run;
      i = j;
    }
    const out = flush(sink);
    if (out !== undefined) yield out;
  }
  sink.text += '\n' + indent + ']';
}

function* walk(
  value: unknown,
  key: string,
  indent: string,
  sink: Sink,
): Generator<string, boolean> {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  if (Array.isArray(value)) {
    if (value.length === 0) sink.text += '[]';
    else yield* walkArray(value, indent, sink);
    return true;
  }
  if (value === null || typeof value !== 'object' || (indent !== '' && !isLarge(value))) {
    const s = native(value, indent);
    if (s === undefined) return false;
    sink.text += s;
    return true;
  }
  const inner = indent + '  ';
  let any = false;
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    const mark = sink.text.length;
    sink.text += (any ? ',\n' : '{\n') + inner + JSON.stringify(k) + ': ';
    // A value that serialises to nothing (a toJSON returning undefined) drops its key, as in
    // JSON.stringify; only possible for values written natively, which never flush.
    if (yield* walk(v, k, inner, sink)) any = true;
    else sink.text = sink.text.slice(0, mark);
    const out = flush(sink);
    if (out !== undefined) yield out;
  }
  sink.text += any ? '\n' + indent + '}' : '{}';
  return true;
}

/**
 * `JSON.stringify(value, null, 2)` as a sequence of chunks of about {@link CHUNK_SIZE} code units
 * (a run of up to 256 array elements may make one longer), for values whose text does not fit
 * one string: the top-level object and long arrays (and objects holding one) are written piece by
 * piece, everything else natively. Yields nothing for a value JSON.stringify maps to undefined.
 * (A `toJSON` inside a long array is called with its index within a run, not the whole array.)
 */
export function* jsonChunks(value: unknown): Generator<string> {
  const sink: Sink = { text: '' };
  yield* walk(value, '', '', sink);
  if (sink.text.length > 0) yield sink.text;
}

/**
 * Bytes to text. In order:
 * 1. known binary formats by their magic numbers (PDF, images, archives, executables…) are
 *    refused, whatever the extension;
 * 2. a forced encoding (`--encoding`) is used as given (iconv-lite; a BOM of that encoding is
 *    dropped), unless the bytes start with the byte order mark of another (UTF-8, UTF-16): the
 *    mark wins, as in the WHATWG Encoding Standard, with a note;
 * 3. a byte order mark decides: UTF-8, UTF-16 LE or UTF-16 BE;
 * 4. a NUL byte in the first 8 KiB means binary, unless the NULs are those of UTF-16 text
 *    without a BOM (mostly Latin-script text: every other byte NUL), read as such with a note;
 * 5. valid UTF-8 is taken as it is (the fast path: no detection);
 * 6. mostly UTF-8 with a few bad bytes (at least 4 valid multi-byte sequences per bad one in the
 *    first 1 MiB) is UTF-8 with the bad bytes read as U+FFFD, with a note;
 * 7. anything else is a legacy encoding: the detector (chardet, on the first 64 KiB) guesses it
 *    and iconv-lite decodes it; when the detector is unsure, Windows-1252. The result carries a
 *    note naming the guess, which readers turn into a warning.
 */

import { createRequire } from 'node:module';
import { UsageError } from '../errors.js';

// iconv-lite and chardet are loaded on first use: valid UTF-8 (the usual case) needs neither.
const require = createRequire(import.meta.url);
let iconvModule: typeof import('iconv-lite') | undefined;
const iconv = () => (iconvModule ??= require('iconv-lite') as typeof import('iconv-lite'));
let chardetModule: typeof import('chardet') | undefined;
const chardet = () => (chardetModule ??= require('chardet') as typeof import('chardet'));

/** How to decode: `encoding` forces a label known to iconv-lite (e.g. `latin1`, `utf-16le`). */
export interface DecodeOptions {
  /** Encoding label to use instead of detection; default none (detect). */
  encoding?: string;
}

/** Decoded text, the encoding used, and a note when the encoding was guessed. */
export interface DecodedText {
  text: string;
  /** Canonical name of the encoding used, e.g. `utf-8`, `utf-16le`, `ISO-8859-1`. */
  encoding: string;
  /** Set when the encoding was guessed (e.g. `not valid UTF-8; read as ISO-8859-1 (detected)`). */
  note?: string;
}

/** The outcome of {@link decodeBytes}: text, or why the bytes are not text. */
export type DecodeOutcome = ({ ok: true } & DecodedText) | { ok: false; reason: string };

/** Bytes looked at for NUL bytes (binary content), from the start. */
export const BINARY_SNIFF_BYTES = 8192;
/** Bytes given to the encoding detector, from the start. */
export const DETECT_SAMPLE_BYTES = 65536;
/** Lowest detector confidence (0–100) taken as it is; below it, Windows-1252 is assumed. */
const MIN_CONFIDENCE = 50;

/** Magic numbers of binary formats: bytes at an offset (`-1` matches any byte), and a name. */
const MAGIC: ReadonlyArray<{ name: string; at?: number; bytes: readonly number[] | string }> = [
  { name: 'PDF', bytes: '%PDF-' },
  { name: 'PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF image', bytes: 'GIF87a' },
  { name: 'GIF image', bytes: 'GIF89a' },
  { name: 'TIFF image', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { name: 'TIFF image', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { name: 'WebP image', bytes: 'WEBP', at: 8 },
  { name: 'RIFF media', bytes: 'WAVE', at: 8 },
  { name: 'RIFF media', bytes: 'AVI ', at: 8 },
  { name: 'MP4/QuickTime media', bytes: 'ftyp', at: 4 },
  { name: 'Ogg media', bytes: 'OggS' },
  { name: 'FLAC audio', bytes: 'fLaC' },
  { name: 'MP3 audio', bytes: [0x49, 0x44, 0x33, -1, 0x00] },
  { name: 'ZIP archive', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'ZIP archive', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { name: 'ZIP archive', bytes: [0x50, 0x4b, 0x07, 0x08] },
  { name: 'gzip archive', bytes: [0x1f, 0x8b] },
  { name: 'bzip2 archive', bytes: [0x42, 0x5a, 0x68, -1, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59] },
  { name: 'xz archive', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: '7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'Zstandard archive', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: 'RAR archive', bytes: 'Rar!\x1a\x07' },
  { name: 'tar archive', bytes: 'ustar', at: 257 },
  { name: 'OLE document (old Office)', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { name: 'SQLite database', bytes: 'SQLite format 3\x00' },
  { name: 'ELF executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'WebAssembly module', bytes: [0x00, 0x61, 0x73, 0x6d] },
].map((m) => ({
  ...m,
  bytes: typeof m.bytes === 'string' ? [...m.bytes].map((c) => c.charCodeAt(0)) : m.bytes,
}));

/** The name of the binary format `bytes` start with (by magic number), or null. */
export function binaryKind(bytes: Uint8Array): string | null {
  for (const { name, at = 0, bytes: magic } of MAGIC) {
    if (bytes.length < at + magic.length) continue;
    let same = true;
    for (let i = 0; i < magic.length && same; i++) {
      const b = magic[i] as number;
      same = b < 0 || bytes[at + i] === b;
    }
    if (same) return name;
  }
  return null;
}

/** The bytes as a Buffer, without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const utf8Lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** Whether an encoding label is one of the UTF-16/UTF-32 family (NUL bytes are normal there). */
function isWide(label: string): boolean {
  return /^(utf-?(16|32)|ucs-?2)/i.test(label.replace(/[\s_]/g, ''));
}

/**
 * Checks an `--encoding` label and returns it (trimmed). Throws {@link UsageError} naming the
 * label when iconv-lite does not know it.
 */
export function checkEncoding(label: string): string {
  const trimmed = label.trim();
  if (trimmed === '' || !iconv().encodingExists(trimmed))
    throw new UsageError(
      `unknown encoding "${label}" (expected a label such as utf-8, utf-16le, latin1, windows-1252)`,
    );
  return trimmed;
}

/** A guess of the legacy encoding of bytes that are not valid UTF-8, and the note saying so. */
function guessLegacy(bytes: Uint8Array): { encoding: string; note: string } {
  const candidates = chardet().analyse(bytes.subarray(0, DETECT_SAMPLE_BYTES));
  const best = candidates.find(
    (c) => !/^utf/i.test(c.name) && c.name !== 'ASCII' && iconv().encodingExists(c.name),
  );
  if (best && best.confidence >= MIN_CONFIDENCE) {
    return { encoding: best.name, note: `not valid UTF-8; read as ${best.name} (detected)` };
  }
  return {
    encoding: 'windows-1252',
    note: 'not valid UTF-8; read as windows-1252 (the detector was unsure)',
  };
}

/** Bytes looked at when telling damaged UTF-8 from a legacy encoding, from the start. */
const UTF8_SAMPLE_BYTES = 1 << 20;

/**
 * Counts the valid multi-byte UTF-8 sequences and the bytes that fit no sequence in the first
 * {@link UTF8_SAMPLE_BYTES} bytes (ASCII is neither).
 */
export function utf8Health(bytes: Uint8Array): { multiByte: number; bad: number } {
  const n = Math.min(bytes.length, UTF8_SAMPLE_BYTES);
  let multiByte = 0;
  let bad = 0;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const need =
      b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++)
      ok = i + k < bytes.length && (bytes[i + k] & 0xc0) === 0x80;
    if (ok) {
      multiByte++;
      i += need + 1;
    } else {
      bad++;
      i++;
    }
  }
  return { multiByte, bad };
}

/**
 * `utf-16le` or `utf-16be` when the first {@link BINARY_SNIFF_BYTES} bytes look like UTF-16
 * text without a BOM: an even length, at least 90% of the high bytes NUL, no low byte NUL and
 * no NUL pair (mostly Latin-script text); otherwise null.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length % 2 !== 0 || bytes.length < 16) return null;
  const n = Math.min(bytes.length, BINARY_SNIFF_BYTES) & ~1;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (evenNul === 0 && oddNul >= 0.9 * pairs) return 'utf-16le';
  if (oddNul === 0 && evenNul >= 0.9 * pairs) return 'utf-16be';
  return null;
}

/** The encoding a byte order mark at the start of `bytes` names, or null. */
function bomEncoding(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** Whether an encoding label names the encoding of a byte order mark (`UTF-16` either order). */
function namesEncoding(label: string, bom: 'utf-8' | 'utf-16le' | 'utf-16be'): boolean {
  const name = label.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (bom === 'utf-8') return name === 'utf8';
  return (
    name === bom.replace('-', '') || name === 'utf16' || (bom === 'utf-16le' && name === 'ucs2')
  );
}

/** Decodes bytes as text (see the module comment). Never throws. */
export function decodeBytes(bytes: Uint8Array, options: DecodeOptions = {}): DecodeOutcome {
  const kind = binaryKind(bytes);
  if (kind !== null) return { ok: false, reason: `binary file (${kind})` };
  const forced = options.encoding;
  const nul = () => bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
  if (forced !== undefined) {
    // A byte order mark wins over the label, as in the WHATWG Encoding Standard (and browsers).
    const bom = bomEncoding(bytes);
    if (bom !== null && !namesEncoding(forced, bom))
      return {
        ok: true,
        text: bom === 'utf-8' ? utf8Lenient.decode(bytes) : iconv().decode(asBuffer(bytes), bom),
        encoding: bom,
        note: `byte order mark of ${bom.toUpperCase()}: read as such, not as ${forced}`,
      };
    if (!isWide(forced) && nul()) return { ok: false, reason: 'binary file (NUL bytes)' };
    return { ok: true, text: iconv().decode(asBuffer(bytes), forced), encoding: forced };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { ok: true, text: iconv().decode(asBuffer(bytes), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { ok: true, text: iconv().decode(asBuffer(bytes), 'utf-16be'), encoding: 'utf-16be' };
  if (nul()) {
    const wide = utf16WithoutBom(bytes);
    if (wide === null) return { ok: false, reason: 'binary file (NUL bytes)' };
    return {
      ok: true,
      text: iconv().decode(asBuffer(bytes), wide),
      encoding: wide,
      note: `no byte order mark; read as ${wide.toUpperCase()} (detected)`,
    };
  }
  try {
    return { ok: true, text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8.
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {
      ok: true,
      text: utf8Lenient.decode(bytes),
      encoding: 'utf-8',
      note: 'invalid UTF-8 after a UTF-8 byte order mark; bad bytes read as U+FFFD',
    };
  }
  const health = utf8Health(bytes);
  if (health.multiByte > 0 && health.multiByte >= 4 * health.bad) {
    return {
      ok: true,
      text: utf8Lenient.decode(bytes),
      encoding: 'utf-8',
      note: 'invalid UTF-8 bytes read as U+FFFD (the rest is UTF-8)',
    };
  }
  const { encoding, note } = guessLegacy(bytes);
  return { ok: true, text: iconv().decode(asBuffer(bytes), encoding), encoding, note };
}

/** {@link decodeBytes} for callers that only need the text: `null` for binary content. */
export function decodeText(bytes: Uint8Array, options: DecodeOptions = {}): DecodedText | null {
  const out = decodeBytes(bytes, options);
  if (!out.ok) return null;
  return out.note === undefined
    ? { text: out.text, encoding: out.encoding }
    : { text: out.text, encoding: out.encoding, note: out.note };
}

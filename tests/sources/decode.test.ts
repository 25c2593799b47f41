/** Bytes to text: BOMs, legacy encodings, forced labels, binary formats; sizes and flags. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { binaryKind, checkEncoding, decodeBytes, utf8Health } from '../../src/sources/decode.js';
import {
  fileToDocuments,
  formatSize,
  readBytes,
  readBytesTransient,
} from '../../src/sources/read.js';
import { parseSize } from '../../src/cli/setting-kinds.js';
import { UsageError } from '../../src/errors.js';
import { scan } from '../../src/index.js';
import { dupgraf } from '../helpers/cli.js';

const TEXT = 'Señor Gómez said the café’s “naïve” plan would cost €300.';
const utf16le = (s: string) =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) =>
  Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]);

describe('decodeBytes', () => {
  test('UTF-8 with and without BOM, UTF-16 LE and BE by BOM: no note', () => {
    for (const [bytes, encoding] of [
      [Buffer.from(TEXT), 'utf-8'],
      [Buffer.from('\ufeff' + TEXT), 'utf-8'],
      [utf16le(TEXT), 'utf-16le'],
      [utf16be(TEXT), 'utf-16be'],
    ] as const) {
      const out = decodeBytes(bytes);
      expect(out).toEqual({ ok: true, text: TEXT, encoding });
    }
  });

  test('UTF-16 without a BOM is recognised by its NUL bytes; other NUL bytes are binary', () => {
    const plain = 'The council said the ring road would stay closed, café owners said.';
    const le = Buffer.from(plain, 'utf16le');
    expect(decodeBytes(le)).toEqual({
      ok: true,
      text: plain,
      encoding: 'utf-16le',
      note: 'no byte order mark; read as UTF-16LE (detected)',
    });
    expect(decodeBytes(Buffer.from(le).swap16())).toMatchObject({
      ok: true,
      text: plain,
      encoding: 'utf-16be',
    });
    // A NUL pair, or NULs in both positions, is not text.
    const withPair = Buffer.concat([le, Buffer.from([0, 0])]);
    expect(decodeBytes(withPair)).toEqual({ ok: false, reason: 'binary file (NUL bytes)' });
    expect(decodeBytes(Buffer.from('ab\u0000cd\u0000ef\u0000gh\u0000ij\u0000kl'))).toMatchObject({
      ok: false,
    });
  });

  test('legacy single-byte text is detected, decoded, and the guess named', () => {
    const latin1 = 'Le café de la rue de l’Église'.replace('’', "'") + ' a fermé à Besançon.';
    const a = decodeBytes(Buffer.from(latin1, 'latin1'));
    expect(a).toEqual({
      ok: true,
      text: latin1,
      encoding: 'ISO-8859-1',
      note: 'not valid UTF-8; read as ISO-8859-1 (detected)',
    });
    // 0x80 (€) and 0x93/0x94 (curly quotes) exist in Windows-1252, not in Latin-1.
    const cp = Buffer.from([
      ...Buffer.from('The price is '),
      0x80,
      ...Buffer.from('300, a ' + 'rise the minister called '),
      0x93,
      ...Buffer.from('fair'),
      0x94,
      ...Buffer.from('.'),
    ]);
    const b = decodeBytes(cp);
    expect(b).toMatchObject({ ok: true, encoding: 'windows-1252' });
    expect(b.ok && b.text).toBe('The price is €300, a rise the minister called “fair”.');
    expect(b.ok && b.note).toMatch(/^not valid UTF-8; read as windows-1252/);
  });

  test('invalid UTF-8 after a UTF-8 BOM: replacement characters and a note', () => {
    const out = decodeBytes(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xff, 0x62]));
    expect(out).toEqual({
      ok: true,
      text: 'a\ufffdb',
      encoding: 'utf-8',
      note: 'invalid UTF-8 after a UTF-8 byte order mark; bad bytes read as U+FFFD',
    });
  });

  test('UTF-8 with a few damaged bytes stays UTF-8 (bad bytes as U+FFFD), not a legacy guess', () => {
    const good = Buffer.from(`${TEXT} `.repeat(4));
    const at = good.indexOf(' said'); // between characters
    const damaged = Buffer.concat([good.subarray(0, at), Buffer.from([0xff]), good.subarray(at)]);
    const out = decodeBytes(damaged);
    expect(out).toMatchObject({
      ok: true,
      encoding: 'utf-8',
      note: 'invalid UTF-8 bytes read as U+FFFD (the rest is UTF-8)',
    });
    expect(out.ok && out.text).toBe(
      `${good.subarray(0, at).toString()}\ufffd${good.subarray(at).toString()}`,
    );
    expect(utf8Health(damaged)).toEqual({ multiByte: 4 * 8, bad: 1 });
    // Latin-1 has no valid multi-byte sequences: detected as a legacy encoding.
    expect(utf8Health(Buffer.from(TEXT.replace(/[’“”€]/g, "'"), 'latin1'))).toMatchObject({
      multiByte: 0,
    });
  });

  test('a forced encoding is used as given (a BOM of it dropped); NUL bytes are binary except in UTF-16', () => {
    expect(decodeBytes(Buffer.from(TEXT), { encoding: 'latin1' })).toMatchObject({
      ok: true,
      text: Buffer.from(TEXT).toString('latin1'),
    });
    expect(decodeBytes(Buffer.from(TEXT, 'utf16le'), { encoding: 'utf-16le' })).toMatchObject({
      ok: true,
      text: TEXT,
    });
    expect(decodeBytes(utf16le(TEXT), { encoding: 'UTF16-LE' })).toEqual({
      ok: true,
      text: TEXT,
      encoding: 'UTF16-LE',
    });
    expect(decodeBytes(Buffer.from(TEXT, 'utf16le'), { encoding: 'latin1' })).toEqual({
      ok: false,
      reason: 'binary file (NUL bytes)',
    });
  });

  test('a byte order mark of another encoding wins over a forced one, with a note', () => {
    for (const [bytes, bom] of [
      [utf16le(TEXT), 'utf-16le'],
      [utf16be(TEXT), 'utf-16be'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), 'utf-8'],
    ] as const)
      expect(decodeBytes(bytes, { encoding: 'latin1' })).toEqual({
        ok: true,
        text: TEXT,
        encoding: bom,
        note: `byte order mark of ${bom.toUpperCase()}: read as such, not as latin1`,
      });
  });

  test('binary formats by magic number, and NUL bytes', () => {
    const samples: Array<[string, number[] | string, number?]> = [
      ['PDF', '%PDF-1.7\n'],
      ['PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
      ['JPEG image', [0xff, 0xd8, 0xff, 0xe0]],
      ['GIF image', 'GIF89a'],
      ['ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
      ['gzip archive', [0x1f, 0x8b, 0x08]],
      ['bzip2 archive', 'BZh91AY&SY'],
      ['xz archive', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
      ['7-Zip archive', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
      ['RAR archive', 'Rar!\x1a\x07\x00'],
      ['ELF executable', '\x7fELF'],
      ['WebP image', 'RIFF\x00\x00\x00\x00WEBP'],
      ['MP4/QuickTime media', '\x00\x00\x00\x18ftypmp42'],
    ];
    for (const [name, magic] of samples) {
      const head = typeof magic === 'string' ? Buffer.from(magic, 'latin1') : Buffer.from(magic);
      const bytes = Buffer.concat([head, Buffer.from(' then some text')]);
      expect([name, binaryKind(bytes)]).toEqual([name, name]);
      expect(decodeBytes(bytes)).toEqual({ ok: false, reason: `binary file (${name})` });
    }
    const tar = Buffer.alloc(600, 0x20);
    tar.write('ustar', 257, 'latin1');
    expect(binaryKind(tar)).toBe('tar archive');
    expect(decodeBytes(Buffer.from('text\u0000more'))).toEqual({
      ok: false,
      reason: 'binary file (NUL bytes)',
    });
    // Ordinary text starting like a magic number's first bytes is text.
    for (const text of ['BZh what', 'PK is a kicker', 'ID3 tags', 'BMW said', 'MZ', '%PD']) {
      expect(decodeBytes(Buffer.from(text))).toMatchObject({ ok: true, text });
    }
  });

  test('checkEncoding accepts iconv-lite labels and refuses others with a UsageError', () => {
    expect(checkEncoding(' Latin1 ')).toBe('Latin1');
    expect(checkEncoding('windows-1252')).toBe('windows-1252');
    expect(() => checkEncoding('klingon-8')).toThrow(UsageError);
    expect(() => checkEncoding('klingon-8')).toThrow(/unknown encoding "klingon-8"/);
  });
});

describe('reading files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-decode-'));

  test('readBytes refuses files over the limit before reading them; a missing file vanished', () => {
    const file = path.join(dir, 'big.txt');
    fs.writeFileSync(file, 'x'.repeat(3000));
    expect(readBytes(file, 3000)).toMatchObject({ ok: true });
    expect(readBytes(file, 2048)).toEqual({
      ok: false,
      message: 'skipped: 2.9 KiB, over --max-file-size (2 KiB)',
    });
    expect(readBytes(path.join(dir, 'gone.txt'))).toEqual({
      ok: false,
      message: 'skipped: vanished during the scan (ENOENT)',
    });
    expect(readBytes(dir)).toEqual({ ok: false, message: 'skipped: not a file (EISDIR)' });
  });

  test('readBytesTransient gives what readBytes gives, for small, large and refused files', () => {
    const sizes = [0, 1, 3000, 65535, 65536, 65537, 200_000, 5_000_000, 10];
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-transient-'));
    sizes.forEach((size, i) => {
      const file = path.join(own, `t${i}.txt`);
      const bytes = Buffer.alloc(size);
      for (let k = 0; k < size; k++) bytes[k] = 97 + ((k * 7 + i) % 26);
      fs.writeFileSync(file, bytes);
      const got = readBytesTransient(file);
      expect(got.ok).toBe(true);
      if (got.ok) expect(Buffer.compare(got.bytes, bytes)).toBe(0);
      // The limit, below and above the reused buffer's size.
      for (const max of [size - 1, 2048, 100_000]) {
        if (max < 0) continue;
        expect(readBytesTransient(file, max)).toEqual(
          readBytes(file, max).ok ? { ok: true, bytes } : readBytes(file, max),
        );
      }
    });
    expect(readBytesTransient(path.join(dir, 'gone.txt'))).toEqual(
      readBytes(path.join(dir, 'gone.txt')),
    );
    expect(readBytesTransient(dir)).toEqual(readBytes(dir));
    fs.rmSync(own, { recursive: true, force: true });
  });

  test('fileToDocuments: warnings carry the display path', () => {
    expect(fileToDocuments('a/b.txt', Buffer.from('%PDF-1.4'))).toEqual({
      ok: false,
      warning: { path: 'a/b.txt', message: 'skipped: binary file (PDF)' },
    });
    const latin = fileToDocuments(
      'a/c.txt',
      Buffer.from('Caf\u00e9 owners said so today.', 'latin1'),
    );
    expect(latin).toMatchObject({
      ok: true,
      documents: [{ path: 'a/c.txt', text: 'Café owners said so today.' }],
      warnings: [{ path: 'a/c.txt', message: expect.stringMatching(/^not valid UTF-8; read as/) }],
    });
  });

  test('sizes: parsed from flags and config, shown in messages', () => {
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize(4096)).toBe(4096);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('512KB')).toBe(512 * 1024);
    expect(parseSize('20MB')).toBe(20 * 1024 * 1024);
    expect(parseSize('1.5 GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('100b')).toBe(100);
    for (const bad of ['', 'k', '12q', '-1', '1e3', '20 MBs']) expect(parseSize(bad)).toBeNull();
    expect(parseSize(1.5)).toBeNull();
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(20 * 1024 * 1024)).toBe('20 MiB');
    expect(formatSize(1536)).toBe('1.5 KiB');
  });

  test('the API: encoding and maxFileSize options; bad values are UsageErrors', async () => {
    const latin = 'Señor Gómez said the café plan would cost 300 francs, à la française.';
    fs.writeFileSync(path.join(dir, 'api-a.txt'), Buffer.from(`${latin}\n\n${latin}\n`, 'latin1'));
    const detected = await scan(['api-a.txt'], { cwd: dir, jobs: 1 });
    expect(detected.warnings).toEqual([
      { path: 'api-a.txt', message: expect.stringMatching(/^not valid UTF-8; read as /) },
    ]);
    const forced = await scan(['api-a.txt'], { cwd: dir, jobs: 1, encoding: 'windows-1252' });
    expect(forced.warnings).toEqual([]);
    expect(forced.clusters[0].text).toBe(latin);
    await expect(scan(['api-a.txt'], { cwd: dir, encoding: 'klingon-8' })).rejects.toThrow(
      UsageError,
    );
    await expect(scan(['api-a.txt'], { cwd: dir, maxFileSize: -1 })).rejects.toThrow(UsageError);
    await expect(scan(['api-a.txt'], { cwd: dir, maxFileSize: 10 })).rejects.toThrow(
      /no readable input files/,
    );
    fs.rmSync(path.join(dir, 'api-a.txt'));
  });

  test('the CLI: --encoding and --max-file-size from flags and config; bad values exit 2', () => {
    fs.writeFileSync(path.join(dir, 'a.txt'), Buffer.from(`${TEXT}\n`, 'latin1'));
    fs.writeFileSync(path.join(dir, 'b.txt'), `${TEXT}\n`);
    const forced = dupgraf(['scan', 'a.txt', '--encoding', 'windows-1252', '-f', 'json'], {
      cwd: dir,
    });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).warnings).toEqual([]); // forced: nothing guessed

    const bad = dupgraf(['scan', '.', '--encoding', 'klingon-8'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--encoding: expected an encoding label/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(dupgraf(['scan', '.', '--max-file-size', 'lots'], { cwd: dir }).code).toBe(2);

    fs.writeFileSync(
      path.join(dir, '.dupgraf.json'),
      '{ "maxFileSize": "40b", "encoding": "latin1" }',
    );
    const config = dupgraf(['scan', '.', '--print-config'], { cwd: dir });
    expect(JSON.parse(config.stdout)).toMatchObject({ maxFileSize: 40, encoding: 'latin1' });
    const small = dupgraf(['scan', '.', '-f', 'json'], { cwd: dir });
    expect(small.code).toBe(2); // both files over 40 bytes: no readable input
    expect(small.stderr).toMatch(/a\.txt: skipped: \d+ B, over --max-file-size \(40 B\)/);
    fs.writeFileSync(path.join(dir, '.dupgraf.json'), '{ "encoding": "klingon-8" }');
    const badConfig = dupgraf(['scan', '.'], { cwd: dir });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/\.dupgraf\.json: key "encoding": expected an encoding label/);
    fs.rmSync(path.join(dir, '.dupgraf.json'));
  });
});

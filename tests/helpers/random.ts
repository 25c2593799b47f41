/** A small seeded PRNG (mulberry32) and a synthetic news-like paragraph generator for tests. */

/** Returns a function giving uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random documents whose paragraphs repeat each other at every level of similarity: base
 * paragraphs from a small Zipf-like vocabulary, copied with 0..n word edits, cut or extended.
 */
export function randomDocuments(
  seed: number,
  documents: number,
  vocabulary = 60,
): { path: string; text: string }[] {
  const rnd = mulberry32(seed);
  const word = () => `w${Math.floor(vocabulary * rnd() * rnd())}`;
  const bases: string[][] = [];
  const paragraph = (): string[] => {
    if (bases.length > 0 && rnd() < 0.6) {
      const base = [...bases[Math.floor(rnd() * bases.length)]];
      const edits = Math.floor(rnd() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * base.length);
        const kind = rnd();
        if (kind < 0.5) base[at] = word();
        else if (kind < 0.75) base.splice(at, 1);
        else base.splice(at, 0, word());
      }
      if (rnd() < 0.2) base.splice(0, Math.floor(base.length / 3));
      if (rnd() < 0.2) for (let i = 0; i < 10; i++) base.push(word());
      return base;
    }
    const length = 4 + Math.floor(rnd() * 40);
    const p = Array.from({ length }, word);
    bases.push(p);
    return p;
  };
  return Array.from({ length: documents }, (_, d) => ({
    path: `doc${String(d).padStart(3, '0')}.txt`,
    text: Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => paragraph().join(' ')).join(
      '\n\n',
    ),
  }));
}

/** Word lists of the multilingual random corpora, and whether the script writes spaces. */
const SCRIPTS: { words: string[]; spaces: boolean }[] = [
  {
    words:
      'the council said police arrested two men after fire at warehouse port strike union workers ships talks'.split(
        ' ',
      ),
    spaces: true,
  },
  {
    words:
      'совет заявил полиция задержала двух мужчин после пожара на складе порт забастовка'.split(
        ' ',
      ),
    spaces: true,
  },
  {
    words: 'η βουλή είπε ότι η αστυνομία συνέλαβε δύο άνδρες μετά τη φωτιά στην αποθήκη'.split(' '),
    spaces: true,
  },
  {
    words: 'وقال المجلس إن الشرطة اعتقلت رجلين بعد حريق في المستودع الميناء الإضراب'.split(' '),
    spaces: true,
  },
  {
    words: '议会 表示 警方 逮捕 两名 男子 仓库 火灾 港口 罢工 工会 工人 船只 谈判'.split(' '),
    spaces: false,
  },
  {
    words: '議会 によると 警察 は 倉庫 火災 の あと 男性 二人 を 逮捕 した'.split(' '),
    spaces: false,
  },
  { words: 'สภา กล่าว ว่า ตำรวจ จับกุม ชาย สอง คน หลัง เกิด ไฟไหม้ โกดัง ท่าเรือ'.split(' '), spaces: false },
  {
    words: '의회는 경찰이 창고 화재 이후 남성 두 명을 체포했다고 밝혔다 항구 파업'.split(' '),
    spaces: true,
  },
];

/** Ways of writing a word differently that the tokenizer folds (J stays 1). */
const WRITING: ((w: string, rnd: () => number) => string)[] = [
  (w) => w.toUpperCase(),
  (w) => w.replace(/[0-9]/g, (d) => String.fromCodePoint(0x0660 + Number(d))),
  (w) => w.replace(/o/g, 'о').replace(/а/g, 'a'),
  (w, rnd) => {
    const c = [...w];
    c.splice(1 + Math.floor(rnd() * Math.max(1, c.length - 1)), 0, '\u200b');
    return c.join('');
  },
  (w) => w.replace(/ا/g, 'اـ'),
];

/**
 * Random documents in eight scripts (Latin, Cyrillic, Greek, Arabic, Chinese, Japanese, Thai and
 * Korean, Chinese/Japanese/Thai written without spaces), with figures (`1,400`, `7.1`), whose
 * paragraphs repeat each other at every level of similarity: copies with 0-5 word edits, cut or
 * extended, some written differently (capitals, other digits, look-alikes, invisible
 * characters, tatweel).
 */
export function randomMultilingualDocuments(
  seed: number,
  documents: number,
): { path: string; text: string }[] {
  const rnd = mulberry32(seed);
  const figure = () =>
    String(Math.floor(rnd() * 3000)) +
    (rnd() < 0.3
      ? ',' + String(100 + Math.floor(rnd() * 900))
      : rnd() < 0.3
        ? '.' + Math.floor(rnd() * 10)
        : '');
  const bases: { script: number; words: string[] }[] = [];
  const word = (script: number) => {
    if (rnd() < 0.08) return figure();
    const list = SCRIPTS[script].words;
    return list[Math.floor(list.length * rnd() * rnd())];
  };
  const paragraph = (): string => {
    let script: number;
    let words: string[];
    if (bases.length > 0 && rnd() < 0.6) {
      const base = bases[Math.floor(rnd() * bases.length)];
      script = base.script;
      words = [...base.words];
      const edits = Math.floor(rnd() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * words.length);
        const kind = rnd();
        if (kind < 0.5) words[at] = word(script);
        else if (kind < 0.75) words.splice(at, 1);
        else words.splice(at, 0, word(script));
      }
      if (rnd() < 0.2) words.splice(0, Math.floor(words.length / 3));
      if (rnd() < 0.2) for (let i = 0; i < 10; i++) words.push(word(script));
      if (rnd() < 0.3) {
        const write = WRITING[Math.floor(rnd() * WRITING.length)];
        words = words.map((w) => (rnd() < 0.3 ? write(w, rnd) : w));
      }
    } else {
      script = Math.floor(rnd() * SCRIPTS.length);
      words = Array.from({ length: 6 + Math.floor(rnd() * 40) }, () => word(script));
      bases.push({ script, words });
    }
    return words.join(SCRIPTS[script].spaces || rnd() < 0.2 ? ' ' : '');
  };
  return Array.from({ length: documents }, (_, d) => ({
    path: `doc${String(d).padStart(3, '0')}.txt`,
    text: Array.from({ length: 1 + Math.floor(rnd() * 8) }, paragraph).join('\n\n'),
  }));
}

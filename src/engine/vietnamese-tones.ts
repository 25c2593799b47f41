/**
 * Vietnamese tone marks in the syllables `oa`, `oe` and `uy` without a final consonant sit on
 * either vowel, depending on the writer's convention: `hòa`/`hoà`, `khỏe`/`khoẻ`, `thủy`/`thuỷ`.
 * The tokenizer reads both as one word, with the tone on the first vowel (`hòa`, `khỏe`,
 * `thủy`: the older placement, still the common one in the press and Unikey's default). After `q`
 * the `u` belongs to the consonant and the tone to the next vowel: `qúy`, `qủa` are read `quý`,
 * `quả`. Only a syllable's end is touched (`hoàng`, `thuyền` have one placement).
 */

/** Whether a UTF-16 code unit is a Vietnamese tone mark: grave, acute, tilde, hook above, dot below. */
function isTone(unit: number): boolean {
  return (
    unit === 0x0300 || unit === 0x0301 || unit === 0x0303 || unit === 0x0309 || unit === 0x0323
  );
}

/**
 * Moves the tone mark of a token's folded text `units[from..to)` (case-folded and decomposed:
 * `hoá` is `h o a U+0301`) to the vowel the module comment gives: `oa`, `oe`, `uy` + tone at the
 * token's end → tone + `a`, `e`, `y` (`hoá` → `hóa`, `thuỷ` → `thủy`); `qu` + tone + `a`, `e`, `y`
 * → `qu` + `a`, `e`, `y` + tone (`qúy` → `quý`). Anything else is left as it is.
 */
export function placeVietnameseTone(units: Uint16Array, from: number, to: number): void {
  if (to - from < 3) return;
  const last = units[to - 1];
  const before = units[to - 2];
  const vowel = units[to - 3];
  const afterQ = vowel === 0x75 && to - from >= 4 && units[to - 4] === 0x71;
  if (isTone(last)) {
    if (afterQ) return;
    if (
      (vowel === 0x6f && (before === 0x61 || before === 0x65)) ||
      (vowel === 0x75 && before === 0x79)
    ) {
      units[to - 2] = last;
      units[to - 1] = before;
    }
  } else if (afterQ && isTone(before) && (last === 0x61 || last === 0x65 || last === 0x79)) {
    units[to - 2] = last;
    units[to - 1] = before;
  }
}

/**
 * Which paragraphs the engine compares: those with at least `minWords` words (tokens with a
 * letter, see `normalize.ts`) that are not figure rows (unless `includeTables`). A figure row is
 * a paragraph of which at least {@link FIGURE_ROW_SHARE} of the tokens are figures (tokens
 * without a letter): a line of a results table, `Shr 1.43 dlrs vs 1.21 dlrs`.
 */

/**
 * Share of figures (tokens without a letter) from which a paragraph is a figure row: 0.4,
 * measured on Reuters-21578 (docs/languages.md).
 */
export const FIGURE_ROW_SHARE = 0.4;

/** Why a paragraph is, or is not, compared. */
export type ParagraphKind = 'compared' | 'short' | 'figures';

/** Options that decide which paragraphs are compared. */
export interface ParagraphKindOptions {
  /** Paragraphs with fewer words are left out (`short`). */
  minWords: number;
  /** Compare figure rows too (`--include-tables`); default false. */
  includeTables?: boolean;
}

/** Whether a paragraph of `tokens` tokens, `letterless` of them figures, is a figure row. */
export function isFigureRow(tokens: number, letterless: number): boolean {
  return tokens > 0 && letterless >= FIGURE_ROW_SHARE * tokens;
}

/**
 * The kind of a paragraph from its counts (`words`, `count` and `letterless` of its tokens):
 * `short` under `minWords` words, else `figures` for a figure row (unless `includeTables`), else
 * `compared`.
 */
export function paragraphKind(
  tokens: { count: number; words: number; letterless: number },
  options: ParagraphKindOptions,
): ParagraphKind {
  if (tokens.words < options.minWords) return 'short';
  if (!options.includeTables && isFigureRow(tokens.count, tokens.letterless)) return 'figures';
  return 'compared';
}

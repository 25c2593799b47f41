/** The archive and drafts of the server tests: original paragraphs about a fictional ferry strike. */
import type { ArchiveDocument } from '../../src/archive/sqlite-index.js';
import { BACKGROUND_1, BACKGROUND_2, BACKGROUND_2_EDITED, CLOSER, FRESH } from '../check/texts.js';

/** A paragraph with figures the draft changes (12,000 → 12,500; Tuesday → Wednesday). */
export const COST =
  'Island traders told a meeting at the harbour hall that the stoppage was costing them dearly, and the county finance office put the figure at 12,000 pounds a day on Tuesday, counting lost trade, spoiled stock and the cost of chartering private boats to bring in supplies from the mainland.';
/** {@link COST} with its figures changed. */
export const COST_CHANGED =
  'Island traders told a meeting at the harbour hall that the stoppage was costing them dearly, and the county finance office put the figure at 12,500 pounds a day on Wednesday, counting lost trade, spoiled stock and the cost of chartering private boats to bring in supplies from the mainland.';

/** The archive: two earlier stories (January and February 2026). */
export const ARCHIVE: ArchiveDocument[] = [
  {
    path: 'courier/2026-01-10-ferry-talks.txt',
    text: ['Ferry talks stall', BACKGROUND_1, BACKGROUND_2, FRESH[0], COST].join('\n\n'),
    date: Date.UTC(2026, 0, 10),
  },
  {
    path: 'courier/2026-02-01-ferry-strike.txt',
    text: ['Ferry strike begins', FRESH[1], BACKGROUND_1, CLOSER].join('\n\n'),
    date: Date.UTC(2026, 1, 1),
  },
];

/** A draft reusing the archive: BACKGROUND_1 (both stories), BACKGROUND_2 edited, COST changed, CLOSER. */
export const DRAFT_PARAGRAPHS = [
  FRESH[2],
  BACKGROUND_1,
  BACKGROUND_2_EDITED,
  COST_CHANGED,
  CLOSER,
  FRESH[3],
];

/** The draft as one text, with a headline. */
export const DRAFT = ['Ferry strike enters second week', ...DRAFT_PARAGRAPHS].join('\n\n');

/** A draft that reuses nothing. */
export const FRESH_DRAFT = ['Island shops run low', FRESH[4], FRESH[5], FRESH[6]].join('\n\n');

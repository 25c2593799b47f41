/**
 * The keys of the texts a new index's load has written, in memory: the load finds a paragraph's
 * stored text without the `text_key` index (made once, after the load), which every text would
 * otherwise update at a random place.
 */

/** Most slots {@link TextKeys} grows to (2^25: 256 MiB), then the load uses the index. */
export const MAX_KEY_SLOTS = 1 << 25;

/**
 * Text ids by key (a text's fingerprint), approximately: an open-addressing table of the keys'
 * low 32 bits, so a lookup may name texts of another key (the caller compares the stored key).
 * Ids are 1 … 2^31 − 1.
 */
export class TextKeys {
  private keys = new Int32Array(1 << 16);
  private ids = new Int32Array(1 << 16);
  private used = 0;

  /** `maxSlots`: the most slots the table grows to (a power of two ≥ 2^16; default {@link MAX_KEY_SLOTS}). */
  constructor(private readonly maxSlots = MAX_KEY_SLOTS) {}

  /**
   * Holds text `id` under `key`; returns false (holding nothing more) when the table would grow
   * past its most slots or `id` does not fit.
   */
  add(key: number, id: number): boolean {
    if (id < 1 || id > 0x7fffffff) return false;
    if (4 * (this.used + 1) > 3 * this.keys.length) {
      if (2 * this.keys.length > this.maxSlots) return false;
      this.grow();
    }
    this.put(key | 0, id);
    this.used++;
    return true;
  }

  /** The ids held under keys with the same low 32 bits as `key` (in no particular order). */
  idsOf(key: number): number[] {
    const out: number[] = [];
    const low = key | 0;
    const mask = this.keys.length - 1;
    for (let i = slot(low, mask); this.ids[i] !== 0; i = (i + 1) & mask)
      if (this.keys[i] === low) out.push(this.ids[i]);
    return out;
  }

  private put(low: number, id: number): void {
    const mask = this.keys.length - 1;
    let i = slot(low, mask);
    while (this.ids[i] !== 0) i = (i + 1) & mask;
    this.keys[i] = low;
    this.ids[i] = id;
  }

  private grow(): void {
    const { keys, ids } = this;
    this.keys = new Int32Array(2 * keys.length);
    this.ids = new Int32Array(2 * keys.length);
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) this.put(keys[i], ids[i]);
  }
}

function slot(low: number, mask: number): number {
  return (Math.imul(low ^ (low >>> 16), 0x45d9f3b) >>> 0) & mask;
}

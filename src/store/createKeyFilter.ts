/** A set of 64-bit keys that may answer "maybe" but never a wrong "no". */
export type KeyFilter = {
  add(key: bigint): void;
  /** False: the key was never added. True: it may have been (about 1 % of absent keys say so). */
  mightContain(key: bigint): boolean;
  /** Keys added so far. */
  readonly size: number;
  /** Bytes held by the bit arrays. */
  readonly bytes: number;
};

/** Probes per key; with 10 bits a key this keeps false positives near 1 %. */
const PROBES = 7;
const BITS_PER_KEY = 10;

type Slice = { bits: Uint32Array; mask: number; capacity: number; count: number };

const slice = (log2Bits: number): Slice => {
  const m = 2 ** log2Bits;
  return { bits: new Uint32Array(m / 32), mask: m - 1, capacity: Math.floor(m / BITS_PER_KEY), count: 0 };
};

/**
 * A growing Bloom filter over 64-bit keys that are already uniform hashes (the store's idempotency
 * keys are the first 64 bits of a sha256): its two 32-bit halves seed the probes, no rehashing.
 * When a slice holds its capacity a new one twice its size is added, so the error rate stays
 * bounded without ever re-reading the keys. It lets a lookup of a new intent skip the database.
 *
 * @param params.initialLog2Bits - Bits in the first slice, as a power of two (default 2^20: 128 KiB, ~100k keys).
 * @returns An empty filter.
 * @example
 * const f = createKeyFilter()
 * f.add(123n)
 * f.mightContain(123n) // true
 */
export function createKeyFilter(params: { initialLog2Bits?: number } = {}): KeyFilter {
  const slices: Slice[] = [slice(params.initialLog2Bits ?? 20)];
  let size = 0;
  const probe = (s: Slice, key: bigint, set: boolean): boolean => {
    const h1 = Number(key & 0xffffffffn) >>> 0;
    const h2 = (Number((key >> 32n) & 0xffffffffn) | 1) >>> 0;
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & s.mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      if (set) (s.bits as Uint32Array)[word] = ((s.bits[word] as number) | flag) >>> 0;
      else if (((s.bits[word] as number) & flag) === 0) return false;
    }
    return true;
  };
  return {
    add(key) {
      let last = slices[slices.length - 1] as Slice;
      if (last.count >= last.capacity) {
        last = slice(Math.log2(last.mask + 1) + 1);
        slices.push(last);
      }
      probe(last, key, true);
      last.count++;
      size++;
    },
    mightContain(key) {
      for (const s of slices) if (probe(s, key, false)) return true;
      return false;
    },
    get size() {
      return size;
    },
    get bytes() {
      return slices.reduce((n, s) => n + s.bits.byteLength, 0);
    },
  };
}

/**
 * A small seeded PRNG for the synthetic dataset: mulberry32 (32-bit state, fast, good enough for test
 * data — not for anything secret). Every part of the dataset draws from its own stream, derived from the
 * seed and the part's name and numbers, so a part can be made again alone (the audit log names a
 * commitment's title without keeping every title in memory) and the same seed gives the same bytes.
 */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts: a 32-bit seed for one stream. */
export function streamSeed(seed: number, ...parts: (string | number)[]): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  const text = parts.join('\u0001');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The stream for one part of the dataset. */
export function stream(seed: number, ...parts: (string | number)[]): Rng {
  return mulberry32(streamSeed(seed, ...parts));
}

/** An integer in [min, max]. */
export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

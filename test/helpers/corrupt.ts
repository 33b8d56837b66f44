import { inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { storedZip } from './zip.js';

/**
 * Damaged copies of a file, as fast-check arbitraries: what a bad disk, a cut download, an editor with
 * the wrong encoding or a hurried hand does to a report or a CSV. Each gives the bytes and a label that
 * says what was done (printed when a property fails, with fast-check's seed and path).
 */
export interface Variant {
  label: string;
  bytes: Buffer;
}

const variant = (label: string, bytes: Buffer | Uint8Array): Variant => ({ label, bytes: Buffer.from(bytes) });
const lines = (b: Buffer) => b.toString('utf8').split('\n');
const joined = (ls: string[]) => Buffer.from(ls.join('\n'));

/** Cut at any byte (also inside a UTF-8 sequence). */
export const truncatedBytes = (b: Buffer) => fc.nat({ max: b.length - 1 }).map((at) => variant(`cut at byte ${at}`, b.subarray(0, at)));

/** Cut at a line boundary: only the first lines, or only the last ones. */
export const truncatedLines = (b: Buffer) => {
  const ls = lines(b);
  return fc
    .tuple(fc.nat({ max: ls.length - 1 }), fc.boolean())
    .map(([at, head]) =>
      head ? variant(`first ${at} lines`, joined(ls.slice(0, at))) : variant(`from line ${at + 1}`, joined(ls.slice(at))),
    );
};

/** Some lines swapped with others. */
export const shuffledLines = (b: Buffer) => {
  const ls = lines(b);
  return fc
    .array(fc.tuple(fc.nat({ max: ls.length - 1 }), fc.nat({ max: ls.length - 1 })), { minLength: 1, maxLength: 40 })
    .map((swaps) => {
      const out = [...ls];
      for (const [x, y] of swaps) [out[x], out[y]] = [out[y]!, out[x]!];
      return variant(`${swaps.length} line swaps`, joined(out));
    });
};

/** A block of lines moved, repeated or deleted (a paragraph or a table's rows in the wrong place). */
export const movedBlock = (b: Buffer) => {
  const ls = lines(b);
  return fc
    .tuple(
      fc.constantFrom('move', 'repeat', 'delete'),
      fc.nat({ max: ls.length - 1 }),
      fc.integer({ min: 1, max: 80 }),
      fc.nat({ max: ls.length - 1 }),
    )
    .map(([how, from, n, to]) => {
      const out = [...ls];
      const block = out.slice(from, from + n);
      if (how !== 'repeat') out.splice(from, n);
      if (how !== 'delete') out.splice(Math.min(to, out.length), 0, ...block);
      return variant(`${how} lines ${from + 1}–${from + block.length} to ${to + 1}`, joined(out));
    });
};

/** Bits flipped at random places. */
export const flippedBytes = (b: Buffer) =>
  fc.array(fc.tuple(fc.nat({ max: b.length - 1 }), fc.nat({ max: 7 })), { minLength: 1, maxLength: 30 }).map((flips) => {
    const out = Buffer.from(b);
    for (const [at, bit] of flips) out[at]! ^= 1 << bit;
    return variant(`${flips.length} bits flipped`, out);
  });

/** Random bytes inserted at random places: NUL, invalid UTF-8 (0xC3 alone, 0xFF), control characters. */
export const insertedBytes = (b: Buffer) =>
  fc
    .array(
      fc.tuple(
        fc.nat({ max: b.length }),
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 8 }),
          fc.constantFrom(Uint8Array.of(0), Uint8Array.of(0xc3), Uint8Array.of(0xff, 0xfe), Uint8Array.of(0x1b, 0x5b)),
        ),
      ),
      { minLength: 1, maxLength: 10 },
    )
    .map((inserts) => {
      let out = Buffer.from(b);
      for (const [at, bytes] of [...inserts].sort((x, y) => y[0] - x[0]))
        out = Buffer.concat([out.subarray(0, at), bytes, out.subarray(at)]);
      return variant(`${inserts.length} insertions (${inserts.map(([, x]) => Buffer.from(x).toString('hex')).join(' ')})`, out);
    });

/** A line of 100 000–400 000 characters inserted (a table cell, a field, a header or nowhere special). */
export const hugeLine = (b: Buffer) => {
  const ls = lines(b);
  return fc
    .tuple(fc.nat({ max: ls.length }), fc.integer({ min: 100_000, max: 400_000 }), fc.constantFrom('', '\t', '"', 'Compromiso 1. '))
    .map(([at, n, prefix]) => {
      const out = [...ls];
      out.splice(at, 0, prefix + 'x'.repeat(n) + (prefix === '"' ? '"' : ''));
      return variant(`a line of ${n} characters before line ${at + 1}`, joined(out));
    });
};

/** The file's entries (stored or deflated), by name. */
export function unzipEntries(zip: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  for (let at = 0; at + 30 <= zip.length && zip.readUInt32LE(at) === 0x04034b50;) {
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const data = zip.subarray(at + 30 + nameLength + extra, at + 30 + nameLength + extra + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 30 + nameLength + extra + size;
  }
  return entries;
}

/**
 * A zip again, entries stored; `change` alters one entry's text. Entries are written back as UTF-8 text:
 * a .docx's XML comes through unchanged (an image would not, which the report reader never decodes).
 */
export function rezip(entries: Map<string, Buffer>, name: string, change: (text: string) => string): Buffer {
  const files: Record<string, string> = {};
  for (const [n, data] of entries) files[n] = n === name ? change(data.toString('utf8')) : data.toString('utf8');
  return storedZip(files);
}

/** Every kind of damage, `runs` times each with its own fixed seed; the outcomes counted. */
export async function fuzzDamages<O extends string>(
  kinds: [string, fc.Arbitrary<Variant>][],
  runs: number,
  seed: number,
  each: (v: Variant) => Promise<O>,
): Promise<Record<string, number>> {
  const tally: Record<string, number> = {};
  for (const [i, [, arbitrary]] of kinds.entries()) {
    await fc.assert(
      // A failure prints the damage's label (and fast-check's seed and path), not megabytes of bytes.
      fc.asyncProperty(
        arbitrary.map((v) => Object.assign(v, { [fc.toStringMethod]: () => v.label })),
        async (v) => {
          const outcome = await each(v);
          tally[outcome] = (tally[outcome] ?? 0) + 1;
        },
      ),
      { seed: seed + i, numRuns: runs, endOnFailure: true },
    );
  }
  return tally;
}

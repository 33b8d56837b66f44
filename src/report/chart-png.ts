import { deflateSync } from 'node:zlib';
import { LEVELS, type Level } from '../domain/levels.js';
import type { Summary } from '../domain/summary.js';

/**
 * The chart's stand-in for Word processors that cannot show SVG (DOCX asks for one beside an SVG
 * picture): the same stacked bars, drawn into pixels and encoded as PNG with node:zlib — no canvas,
 * no browser. It has no words (a raster font is not worth its weight); the SVG has them, and the
 * summary table beside it has every figure. See docs/decisions/013-report.md.
 */
const FILL: Record<Level, [number, number, number]> = {
  complete: [0x08, 0x30, 0x6b],
  substantial: [0x21, 0x71, 0xb5],
  limited: [0x9e, 0xca, 0xe1],
  'not-started': [0xf7, 0xfb, 0xff],
};
const ORDER: Level[] = [...LEVELS].reverse() as Level[];

export function summaryChartPng(summary: Summary, width = 600, barHeight = 36): { data: Buffer; width: number; height: number } {
  const gap = 12;
  const height = Math.max(1, summary.rows.length * (barHeight + gap) + gap);
  const px = Buffer.alloc(width * height * 3, 0xff);
  const rect = (x0: number, y0: number, w: number, h: number, rgb: [number, number, number]) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y0 + h); y++) {
      for (let x = Math.max(0, x0); x < Math.min(width, x0 + w); x++) px.set(rgb, (y * width + x) * 3);
    }
  };
  const max = Math.max(1, ...summary.rows.map((r) => r.total));
  const scale = (width - 2 * gap) / max;
  summary.rows.forEach((r, i) => {
    const y = gap + i * (barHeight + gap);
    let x = gap;
    for (const level of ORDER) {
      const w = Math.round(r.counts[level] * scale);
      if (w <= 0) continue;
      rect(x, y, w, barHeight, [0x1b, 0x1f, 0x23]); // outline, as in the SVG: no information on colour alone
      rect(x + 1, y + 1, w - 2, barHeight - 2, FILL[level]);
      x += w;
    }
  });
  return { data: encodePng(px, width, height), width, height };
}

function encodePng(rgb: Buffer, width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) rgb.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter method, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

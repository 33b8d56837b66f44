import { Resvg } from '@resvg/resvg-js';

/**
 * The chart's stand-in for Word processors that cannot show SVG (DOCX asks for a PNG beside an SVG
 * picture, and LibreOffice shows only the PNG): the very SVG the dashboard draws, rasterised by resvg
 * with the machine's fonts, so the picture keeps its words (title, axis, legend). Twice the size, for print.
 */
export function chartPng(svg: string): { data: Buffer; width: number; height: number } {
  const image = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { loadSystemFonts: true } }).render();
  return { data: image.asPng(), width: image.width / 2, height: image.height / 2 };
}

import { COUNTRIES } from '../domain/countries.js';
import { findDate } from '../domain/dates.js';
import { foldKey, squish, stripAccents } from '../lib/text.js';

/**
 * What a report says about its plan in running text: the period, the name, the instrument that
 * approved it and when, the country. Read from the text, never from line numbers. Pure.
 */

export function detectLanguage(text: string): 'es' | 'en' {
  const sample = ` ${text.slice(0, 50_000).toLowerCase()} `;
  const count = (re: RegExp) => sample.match(re)?.length ?? 0;
  const es = count(/ (de|la|los|las|que|del|para|con) /g);
  const en = count(/ (the|of|and|to|with|for|that) /g);
  return en > es ? 'en' : 'es';
}

/** The plan's period: the range of years the report names most often ("2015-2016"). */
export function detectPeriod(text: string): { start: number; end: number } | null {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/\b((?:19|20)\d{2})\s*[-–—/]\s*((?:19|20)\d{2})\b/g)) {
    const start = Number(m[1]);
    const end = Number(m[2]);
    if (end < start || end - start > 6) continue;
    const key = `${start}-${end}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (!best) return null;
  const [start, end] = best[0].split('-').map(Number) as [number, number];
  return { start, end };
}

/** The plan's name without its period: the glossary's expansion of PAGA, or the phrase the report uses. */
export function detectPlanName(text: string, language: 'es' | 'en'): string {
  // A glossary line that spells out the plan's acronym: "PAGA<tab>Plan de Acción de Gobierno Abierto".
  const glossary = /^\s*[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9 /–-]{1,15}\t\s*(Plan (?:Nacional )?de Acci[oó]n[^\t\n]*)$/m.exec(text);
  if (glossary) return squish(glossary[1]!);
  if (language === 'en') return 'Open Government National Action Plan';
  const phrase = /Plan de Acci[oó]n (?:Nacional )?de Gobierno Abierto/i.exec(text);
  return phrase ? squish(phrase[0]) : 'Plan de Acción de Gobierno Abierto';
}

const INSTRUMENT_RE =
  /(Resoluci[oó]n\s+(?:Ministerial|Suprema|Directoral|Jefatural|Presidencial|de\s+Secretar[ií]a\s+General)|Decreto\s+(?:Supremo|Ejecutivo|Presidencial|Legislativo)|Decreto|Acuerdo\s+(?:Ministerial|Gubernativo|Ejecutivo))\s+(?:N[°º.o]*|No\.)\s*([0-9][\w\-–/.]*[\w])/gi;

/**
 * The instrument that approved the plan: the one named in a sentence that speaks of approving
 * and names the plan's period ("…se aprobó el segundo plan de acción 2015-2016, mediante Resolución
 * Ministerial N° 176-2015-PCM, publicada el 17 de julio 2015").
 */
export function detectApproval(
  text: string,
  period: { start: number; end: number } | null,
): { instrument: string; date: string | null } | null {
  const sentences = text.split(/(?<=[.;])\s+(?=[A-ZÁÉÍÓÚÑ])|\n+/);
  const periodRe = period ? new RegExp(`${period.start}\\s*[-–—/]\\s*${period.end}`) : null;
  let fallback: { instrument: string; date: string | null } | null = null;
  for (const s of sentences) {
    if (!/aprob|approv/i.test(s)) continue;
    const m = [...s.matchAll(INSTRUMENT_RE)][0];
    if (!m) continue;
    const found = { instrument: `${squish(m[1]!)} N° ${m[2]}`, date: findDate(s.slice(m.index)) };
    if (periodRe?.test(s)) return found;
    fallback ??= found;
  }
  return period ? null : fallback;
}

/** The country the report is about: the OGP member it names most often. */
export function detectCountry(text: string): { code: string; name: string } | null {
  const folded = ` ${stripAccents(text).toLowerCase()} `;
  let best: { code: string; name: string; n: number } | null = null;
  for (const c of COUNTRIES) {
    let n = 0;
    for (const name of [c.es, c.en, ...(c.aliases ?? [])]) {
      const key = foldKey(name).replace(/ /g, '\\s+');
      n += folded.match(new RegExp(`(?<![a-z0-9])${key}(?![a-z0-9])`, 'g'))?.length ?? 0;
    }
    if (n > 0 && (!best || n > best.n)) best = { code: c.code, name: c.es, n };
  }
  return best && best.n >= 2 ? { code: best.code, name: best.name } : null;
}

import { foldKey, hasAccents, nameSimilarity, sentenceCase, squish } from '../../lib/text.js';
import { extractFootnotes, toMarkdown, type ContentBlock, type Notes } from '../content.js';
import type { ParsedCommitment, ParsedSection, ParsedTheme, PrintedSummary } from '../model.js';
import { warning, type ImportWarning } from '../warnings.js';
import { isFichaStart, readFicha } from './ficha.js';
import { COMMITMENT_RE, THEME_HEADING_RE } from './labels.js';
import { cellText, type Cell, type Line } from './lexer.js';
import { isComparisonHeader, isSummaryHeader, readComparisonTable, readSummaryTable, type ComparisonReading } from './tables.js';
import { splitTrailing } from './cells.js';

/**
 * The document as a sequence of what it holds, in order: body text, fichas, and the summary and
 * comparison tables. Then the body is shared out: sections by their numbered headings, and inside
 * the commitments' section, each theme's introduction (after "Tema N:") and synthesis (after its last ficha).
 */
type Event =
  | { kind: 'body'; lines: Line[] }
  | { kind: 'ficha'; commitment: ParsedCommitment; themeSpelling: string | null }
  | { kind: 'summary'; table: PrintedSummary }
  | { kind: 'comparison'; table: ComparisonReading };

export interface DocumentReading {
  sections: ParsedSection[];
  themes: ParsedTheme[];
  commitments: ParsedCommitment[];
  printedSummary: PrintedSummary | null;
  comparison: ComparisonReading | null;
  warnings: ImportWarning[];
}

export function readDocument(head: Line[], cells: Cell[], documentText: string): DocumentReading {
  const notes: Notes = new Map();
  const warnings: ImportWarning[] = [];
  const events: Event[] = [{ kind: 'body', lines: head }];

  // Anchors: where a ficha or a known table starts. Cells before the first anchor belong to no known table.
  const anchors: { at: number; kind: 'ficha' | 'summary' | 'comparison' }[] = [];
  cells.forEach((_c, i) => {
    if (isSummaryHeader(cells, i)) anchors.push({ at: i, kind: 'summary' });
    else if (isComparisonHeader(cells, i)) anchors.push({ at: i, kind: 'comparison' });
    else if (isFichaStart(cells, i)) {
      // A "Componente:" cell and the "Compromiso N" cell after it start one ficha, not two.
      const prev = anchors.at(-1);
      const afterThemeCell = prev?.kind === 'ficha' && prev.at === i - 1 && !COMMITMENT_RE.test(cellText(cells[i - 1]!));
      if (!afterThemeCell) anchors.push({ at: i, kind: 'ficha' });
    }
  });
  if (anchors.length > 0 && anchors[0]!.at > 0) {
    events.push({ kind: 'body', lines: cells.slice(0, anchors[0]!.at).flatMap((c) => c.lines) });
  }

  anchors.forEach((a, k) => {
    const segment = cells.slice(a.at, anchors[k + 1]?.at ?? cells.length);
    if (a.kind === 'ficha') {
      const reading = readFicha(segment, documentText, notes);
      warnings.push(...reading.warnings);
      events.push({ kind: 'ficha', commitment: reading.commitment, themeSpelling: reading.themeSpelling });
      events.push({ kind: 'body', lines: reading.rest });
    } else {
      const last = splitTrailing(segment.at(-1)!, 'table');
      const cellsOfTable = [...segment.slice(0, -1), last.cell];
      if (a.kind === 'summary') events.push({ kind: 'summary', table: readSummaryTable(cellsOfTable) });
      else {
        const table = readComparisonTable(cellsOfTable);
        warnings.push(...table.warnings);
        events.push({ kind: 'comparison', table });
      }
      events.push({ kind: 'body', lines: last.rest });
    }
  });

  return { ...shareOut(events, notes, warnings), warnings };
}

const KNOWN_HEADINGS =
  /^(glosario|glossary|siglas|siglas y acronimos|acronimos|acronyms|indice|contents|resumen ejecutivo|executive summary|introduccion|introduction|anexos?|annex(es)?)$/;

function sectionHeading(text: string): string | null {
  const t = squish(text);
  const numbered = /^(\d{1,2})\.\s+(\S.{2,160})$/.exec(t);
  if (numbered && !/[.;:,]$/.test(t) && t.split(' ').length <= 22) return numbered[2]!;
  if (KNOWN_HEADINGS.test(foldKey(t))) return t;
  return null;
}

export function sectionKey(title: string): string {
  const t = foldKey(title);
  if (/glosario|glossary|siglas|acronim|acronym/.test(t)) return 'glossary';
  if (/conclusi/.test(t)) return 'conclusions';
  if (/recomendaciones del|revision independiente|evaluacion independiente|\bmri\b|\birm\b|independent report/.test(t)) return 'irm';
  if (/introduc|antecedentes|background/.test(t)) return 'background';
  if (/proceso de elaboracion|elaboracion del plan|co ?creacion|development of the|co ?creation/.test(t)) return 'process';
  if (/cumplimiento|implementacion de los compromisos|implementation/.test(t)) return 'implementation';
  return 'other';
}

interface ThemeDraft {
  headingTitle: string | null;
  spellings: string[];
  intro: Line[];
  synthesis: Line[];
}

function shareOut(events: Event[], notes: Notes, warnings: ImportWarning[]): Omit<DocumentReading, 'warnings'> {
  const sections: { title: string; lines: Line[] }[] = [];
  const drafts: ThemeDraft[] = [];
  const commitments: ParsedCommitment[] = [];
  let summary: PrintedSummary | null = null;
  let comparison: ComparisonReading | null = null;

  let section: { title: string; lines: Line[] } | null = null;
  let heading: ThemeDraft | null = null; // the theme whose "Tema N:" heading is in force
  let lastFichaTheme: ThemeDraft | null = null; // body right after a ficha is its theme's synthesis
  const seen = new Set<number>();
  // A second ficha with a number already used is stored under the next free number, with a warning.
  let nextFree = Math.max(0, ...events.map((e) => (e.kind === 'ficha' ? e.commitment.number : 0))) + 1;

  for (const e of events) {
    if (e.kind === 'body') {
      for (const l of e.lines) {
        const sectionTitle = sectionHeading(l.text);
        const themeHeading = THEME_HEADING_RE.exec(l.text);
        if (sectionTitle) {
          section = { title: sectionTitle, lines: [] };
          sections.push(section);
          heading = null;
          lastFichaTheme = null;
        } else if (themeHeading) {
          heading = { headingTitle: squish(themeHeading[2]!), spellings: [], intro: [], synthesis: [] };
          drafts.push(heading);
          lastFichaTheme = null;
        } else if (lastFichaTheme) lastFichaTheme.synthesis.push(l);
        else if (heading) heading.intro.push(l);
        else if (section) section.lines.push(l);
        else {
          section = { title: '', lines: [l] };
          sections.push(section);
        }
      }
    } else if (e.kind === 'ficha') {
      const c = e.commitment;
      if (seen.has(c.number)) {
        warnings.push(warning('duplicate_commitment', c.number, c.line, { number: c.number, stored: nextFree }));
        c.number = nextFree++;
      }
      seen.add(c.number);
      let theme = heading;
      if (theme && e.themeSpelling && theme.headingTitle && !sameTheme(e.themeSpelling, theme.headingTitle)) {
        warnings.push(warning('theme_mismatch', c.number, c.line, { ficha: e.themeSpelling, heading: theme.headingTitle }));
      }
      if (!theme) {
        // No "Tema N:" heading: fichas are grouped by the theme their "Componente:" cell names.
        theme =
          (e.themeSpelling && drafts.find((d) => d.spellings.some((s) => sameTheme(s, e.themeSpelling!)))) ||
          (drafts.length > 0 && !e.themeSpelling ? drafts.at(-1)! : null);
        if (!theme) {
          theme = { headingTitle: null, spellings: [], intro: [], synthesis: [] };
          drafts.push(theme);
        }
      }
      if (e.themeSpelling) theme.spellings.push(e.themeSpelling);
      c.themeIndex = drafts.indexOf(theme);
      commitments.push(c);
      lastFichaTheme = theme;
    } else if (e.kind === 'summary') {
      summary ??= e.table;
      lastFichaTheme = null;
    } else {
      comparison ??= e.table;
      lastFichaTheme = null;
    }
  }

  // A heading with no ficha under it is not a theme of the plan.
  const used = drafts.filter((d) => commitments.some((c) => drafts[c.themeIndex] === d));
  for (const c of commitments) c.themeIndex = used.indexOf(drafts[c.themeIndex]!);

  const md = (lines: Line[], headingLevel?: number): string | null => {
    const blocks: ContentBlock[] = extractFootnotes(
      lines.map((l) => ({ kind: 'line', text: l.text, line: l.line })),
      notes,
    );
    const text = toMarkdown(blocks, notes, headingLevel ? { headingLevel } : {});
    return text === '' ? null : text;
  };

  const themes: ParsedTheme[] = used.map((d) => ({
    title: themeTitle(d),
    spellings: [...new Set([...(d.headingTitle ? [d.headingTitle] : []), ...d.spellings])],
    intro: md(d.intro),
    synthesis: md(d.synthesis),
  }));

  const parsedSections: ParsedSection[] = sections
    .map((s) => {
      const key = sectionKey(s.title);
      const body = key === 'glossary' ? glossaryMarkdown(s.lines) : md(s.lines, 3);
      return { key, title: s.title, body: body ?? '' };
    })
    .filter((s) => s.title !== '' || s.body !== '');
  return { sections: parsedSections, themes, commitments, printedSummary: summary, comparison };
}

export function sameTheme(a: string, b: string): boolean {
  return foldKey(a) === foldKey(b) || nameSimilarity(a, b) >= 0.5;
}

/**
 * The theme's name: the spelling its fichas use most, preferring one with accents and not in capitals,
 * written in sentence case as Spanish titles are ("Mejora de los Servicios Públicos" → "Mejora de los servicios públicos").
 */
function themeTitle(d: ThemeDraft): string {
  const candidates = d.spellings.length > 0 ? d.spellings : d.headingTitle ? [d.headingTitle] : [];
  const counts = new Map<string, number>();
  for (const s of candidates) counts.set(squish(s), (counts.get(squish(s)) ?? 0) + 1);
  const score = (s: string) => (counts.get(s) ?? 0) * 4 + (hasAccents(s) ? 2 : 0) + (s === s.toUpperCase() ? 0 : 1);
  const best = [...counts.keys()].sort((a, b) => score(b) - score(a))[0] ?? '';
  return sentenceCase(best);
}

function glossaryMarkdown(lines: Line[]): string | null {
  const items = lines
    .map((l) => l.text.split('\t').map(squish))
    .filter((parts) => parts.some((p) => p !== ''))
    .map((parts) => {
      const [term, ...rest] = parts.filter((p) => p !== '');
      const esc = (s: string) => s.replace(/[\\`*_[\]<>&|~]/g, (c) => `\\${c}`);
      return rest.length > 0 ? `- **${esc(term!)}**: ${esc(rest.join(' '))}` : `- ${esc(term!)}`;
    });
  return items.length > 0 ? items.join('\n') : null;
}

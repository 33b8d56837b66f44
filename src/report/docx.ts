import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableOfContents,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { LEVELS, levelLabel, type Level } from '../domain/levels.js';
import { formatNumber } from '../i18n/index.js';
import { formatDate, formatFileSize, formatMonth } from '../i18n/format.js';
import { messages } from '../i18n/index.js';
import { roundName } from '../i18n/format.js';
import { reportMessages, type ReportMessages } from '../i18n/report.js';
import { reviewMessages } from '../i18n/review.js';
import { chartPng } from './chart-png.js';
import { Footnotes, markdownToDocx } from './docx-markdown.js';
import type { EvidenceRef, FichaModel, ReportModel, ReportSection, RoundRef, Text } from './model.js';

/**
 * The report as a Word document (docx). Headings use Word's Heading 1–3 styles, so the table of
 * contents (a TOC field, refreshed when Word opens the file) lists them.
 *
 * Contract with the Word import (src/import, DOCX reader): each ficha is ONE Word table laid out like
 * the seed's own Word file — read cell by cell it gives what the seed's text export shows, with the
 * seed's labels; the summary and comparison tables follow the conclusions' text as in the seed. What
 * the seed does not have (title page, table of contents, chart, IRM review) is outside those tables:
 * the title page in the Title/Subtitle styles, the contents in the TOC styles, the chart as a picture
 * with no caption text, the IRM review in an annex under its own heading.
 */
export async function writeReportDocx(report: ReportModel): Promise<Buffer> {
  const m = reportMessages(report.lang);
  const notes = new Footnotes();
  // The body first: footnotes are collected while it is built.
  const body = new Writer(report, m, notes).body();
  const doc = new Document({
    creator: 'Vigía',
    title: m.titleLine(report.plan.title.text),
    description: `${report.government} — ${report.round.title}`,
    features: { updateFields: true },
    footnotes: notes.notes,
    styles: {
      default: { document: { run: { font: 'Calibri', size: 22 } } },
      paragraphStyles: [
        // Named as Word names its own, so that a reader (the Word import) can tell the title page and contents apart.
        {
          id: 'Subtitle',
          name: 'Subtitle',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { size: 26, color: '404040' },
          paragraph: { spacing: { after: 120 } },
        },
        {
          id: 'TOCHeading',
          name: 'TOC Heading',
          basedOn: 'Normal',
          next: 'Normal',
          run: { size: 28, bold: true },
          paragraph: { spacing: { after: 240 } },
        },
      ],
    },
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}

const FULL = 9000; // twips across the text (A4/Letter with default margins)
const COLS = [2300, 1675, 1675, 1675, 1675];
/**
 * Table headers keep their words whole (issue 20: "Limitad o", "Sustan cial"): the summary's and the
 * comparison's in 9-point text, the fichas' level columns in 10-point, in columns wide enough for the longest
 * level word of either language ("Substantial") in Calibri and in the wider font LibreOffice draws without
 * Calibri (DejaVu Sans, about as wide as Verdana), with room to spare; the summary's widths fixed, so that
 * Word and LibreOffice keep them. test/report/report-fit-to-send.test.ts measures each header word.
 */
const SMALL = 18; // half-points
const LEVEL_HEADER = 20;
const LEVEL_COLUMN = 1300;
const TOTAL_COLUMN = 800;
const SUMMARY_MARGINS = { top: 30, bottom: 30, left: 45, right: 45 };
const ROUND_COLUMN = { min: 1500, max: 1800 };
const thin = { style: BorderStyle.SINGLE, size: 4, color: '1b1f23' };
const BORDERS = { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin };

class Writer {
  constructor(
    private readonly r: ReportModel,
    private readonly m: ReportMessages,
    private readonly notes: Footnotes,
  ) {}

  body(): (Paragraph | Table | TableOfContents)[] {
    const r = this.r;
    const m = this.m;
    const out: (Paragraph | Table | TableOfContents)[] = [];
    // Title page.
    out.push(new Paragraph({ heading: HeadingLevel.TITLE, children: this.runs(r.plan.title, m.documentTitle + ': ') }));
    const line = (label: string, value: string) =>
      new Paragraph({ style: 'Subtitle', children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });
    out.push(line(m.government, r.government));
    if (r.plan.periodStart !== null)
      out.push(
        line(
          m.period,
          r.plan.periodEnd !== null && r.plan.periodEnd !== r.plan.periodStart
            ? `${r.plan.periodStart}-${r.plan.periodEnd}`
            : String(r.plan.periodStart),
        ),
      );
    out.push(line(m.round, r.round.title));
    out.push(line(m.date, formatDate(r.date, r.lang)));
    out.push(new Paragraph({ children: [new PageBreak()] }));
    out.push(new Paragraph({ style: 'TOCHeading', children: [new TextRun({ text: m.contents, bold: true, size: 28 })] }));
    out.push(new TableOfContents(m.contents, { hyperlink: true, headingStyleRange: '1-3' }));
    out.push(new Paragraph({ children: [new PageBreak()] }));

    if (r.glossary) {
      out.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: this.runs(r.glossary.title) }));
      out.push(...this.glossary(r.glossary));
    }
    for (const s of r.before) out.push(...this.section(s));
    out.push(...this.section(r.implementation));
    for (const t of r.themes) {
      out.push(
        new Paragraph({
          heading: HeadingLevel.HEADING_2,
          children: [new TextRun(m.themeHeading(t.number, t.title.text)), ...this.mark(t.title)],
        }),
      );
      if (t.intro) out.push(...this.markdown(t.intro));
      for (const f of t.fichas) {
        out.push(this.ficha(f));
        // Two empty paragraphs after a ficha, as the seed's Word file has: its text export then shows the
        // three blank lines that end a ficha's last cell (see import/text-report/cells.ts splitTrailing).
        out.push(new Paragraph(''), new Paragraph(''));
      }
      // The report's own synthesis when it wrote one; otherwise the sentence made from the counts.
      out.push(...(t.synthesis ? this.markdown(t.synthesis) : [new Paragraph(t.sentence)]));
    }
    const tablesAfter = r.after.findIndex((s) => s.key === 'conclusions');
    r.after.forEach((s, i) => {
      out.push(...this.section(s));
      if (i === (tablesAfter === -1 ? r.after.length - 1 : tablesAfter)) out.push(...this.figures());
    });
    if (r.after.length === 0) out.push(...this.figures());
    if (r.reviews.length > 0) out.push(...this.reviews());
    return out;
  }

  /** A text's runs, with "[not translated]" after it when it is shown in its original language. */
  private runs(t: Text, before = ''): TextRun[] {
    return [new TextRun(before + t.text), ...this.mark(t)];
  }

  private mark(t: Text): TextRun[] {
    return t.untranslated ? [new TextRun({ text: ` ${this.m.notTranslated}`, italics: true })] : [];
  }

  private markdown(t: Text, headings = true, startsGroup?: (text: string) => boolean): (Paragraph | Table)[] {
    return markdownToDocx(t.text, this.notes, {
      headings,
      ...(startsGroup ? { startsGroup } : {}),
      ...(t.untranslated ? { prefix: new TextRun({ text: this.m.notTranslated, italics: true }) } : {}),
    });
  }

  private section(s: ReportSection): (Paragraph | Table)[] {
    const out: (Paragraph | Table)[] = [
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(`${s.number}. ${s.title.text}`), ...this.mark(s.title)] }),
    ];
    if (s.body) out.push(...this.markdown(s.body));
    if (s.key === 'irm' && this.r.recommendations.length > 0) out.push(...this.recommendations());
    return out;
  }

  /** "- **AGA / OGP**: Alianza…" → "AGA / OGP<tab>Alianza…", the seed's own glossary lines. */
  private glossary(s: ReportSection): Paragraph[] {
    if (!s.body) return [];
    const out: Paragraph[] = [];
    if (s.body.untranslated) out.push(new Paragraph({ children: [new TextRun({ text: this.m.notTranslated, italics: true })] }));
    for (const raw of s.body.text.split('\n')) {
      const item = /^\s*[-*]\s+(?:\*\*(.+?)\*\*:?\s*(.*)|(.*))$/.exec(raw);
      if (!item) continue;
      const unescape = (x: string) => x.replace(/\\(.)/g, '$1');
      const term = unescape(item[1] ?? item[3] ?? '');
      const def = unescape(item[2] ?? '');
      out.push(
        new Paragraph({
          children: def ? [new TextRun({ text: term, bold: true }), new TextRun({ children: ['\t', def] })] : [new TextRun(term)],
        }),
      );
    }
    return out;
  }

  /** A cell; `sized` (the fichas' grid) gives it the width of the grid columns it spans. */
  private cell(children: Paragraph[] | (Paragraph | Table)[], span = 1, shade = false, sized = true): TableCell {
    const widths = COLS.slice(0, span).reduce((a, b) => a + b, 0);
    return new TableCell({
      children: children.length > 0 ? children : [new Paragraph('')],
      columnSpan: span,
      ...(sized ? { width: { size: widths, type: WidthType.DXA } } : {}),
      ...(shade ? { shading: { fill: 'D9E2F3' } } : {}),
    });
  }

  private label(text: string, span = 1, sized = true, size?: number): TableCell {
    return this.cell([new Paragraph({ children: [new TextRun({ text, bold: true, ...(size ? { size } : {}) })] })], span, true, sized);
  }

  private value(t: Text | string | null, span: number): TableCell {
    if (t === null || t === '') return this.cell([], span);
    if (typeof t === 'string') return this.cell([new Paragraph(t)], span);
    return this.cell(this.markdown(t, false), span);
  }

  /** One ficha, one table, in the seed's rows and words (see the contract above). */
  private ficha(f: FichaModel): Table {
    const L = this.m.labels;
    const rows: TableRow[] = [];
    const row = (...cells: TableCell[]) => rows.push(new TableRow({ children: cells, cantSplit: false }));
    row(
      this.cell(
        [new Paragraph({ children: [new TextRun({ text: this.m.themeCell(f.theme.text), bold: true }), ...this.mark(f.theme)] })],
        5,
        true,
      ),
    );
    row(
      this.cell(
        [
          new Paragraph({
            children: [new TextRun({ text: this.m.commitmentCell(f.number, f.title.text), bold: true }), ...this.mark(f.title)],
          }),
        ],
        5,
        true,
      ),
    );
    row(this.label(L.leadAgency), this.value(f.leadAgency, 4));
    row(this.label(L.contactName), this.value(f.contact.name, 4));
    row(this.label(L.contactPosition), this.value(f.contact.position, 4));
    row(this.label(L.contactEmail), this.value(f.contact.email, 4));
    row(this.label(L.contactPhone), this.value(f.contact.phone, 4));
    row(this.label(L.otherActors), this.label(L.otherActorsGovernment), this.value(f.otherActors.government, 3));
    row(this.cell([], 1, true), this.label(L.otherActorsCivilSociety), this.value(f.otherActors.civilSociety, 3));
    row(this.label(L.problem), this.value(f.problem, 4));
    row(this.label(L.objective), this.value(f.objective, 4));
    row(this.label(L.description), this.value(f.description, 4));
    row(this.label(L.relevance, 5));
    row(this.value(f.relevance, 5));
    row(this.label(L.ambition, 5));
    row(this.value(f.ambition, 5));
    if (f.plannedStart) row(this.label(L.startDate), this.value(formatDate(f.plannedStart, this.r.lang), 4));
    if (f.plannedEnd) row(this.label(L.endDate), this.value(formatDate(f.plannedEnd, this.r.lang), 4));
    row(this.label(L.completion), ...LEVELS.map((l) => this.label(levelLabel(l, this.r.lang), 1, true, LEVEL_HEADER)));
    row(
      this.cell([]),
      ...LEVELS.map((l) =>
        this.cell(
          f.level === l ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: 'X', bold: true })] })] : [],
        ),
      ),
    );
    row(this.label(L.results, 5));
    const titles = new Set(f.activityTitles.map((a) => a.trim()));
    row(
      f.results
        ? this.cell(
            this.markdown(f.results, false, (text) => titles.has(text)),
            5,
          )
        : this.cell([], 5),
    );
    // As the commitment's page shows them: the reasons for the level, then the evidence the assessment cites.
    if (f.reasons) {
      row(this.label(L.reasons, 5));
      row(this.value(f.reasons, 5));
    }
    if (f.citedEvidence.length > 0) {
      row(this.label(L.citedEvidence, 5));
      row(
        this.cell(
          f.citedEvidence.map((e) => this.evidence(e)),
          5,
        ),
      );
    }
    if (f.nextSteps) {
      row(this.label(L.nextSteps, 5));
      row(this.value(f.nextSteps, 5));
    }
    row(this.label(L.additionalInfo, 5));
    row(this.value(f.additionalInfo, 5));
    for (const o of f.otherFields) row(this.label(o.label), this.value({ text: o.value, lang: this.r.lang, untranslated: false }, 4));
    return new Table({ rows, width: { size: FULL, type: WidthType.DXA }, columnWidths: COLS, borders: BORDERS });
  }

  /** A piece of evidence as the commitment's page lists it: a file (linked when the site's address is known), a link, or words. */
  private evidence(e: EvidenceRef): Paragraph {
    const w = messages(this.r.lang).web;
    const link = (href: string, text: string) =>
      new ExternalHyperlink({ link: href, children: [new TextRun({ text, style: 'Hyperlink' })] });
    const children: (TextRun | ExternalHyperlink)[] = [];
    if (e.file) {
      const label = w.fileLink(e.file.name, formatFileSize(e.file.size, this.r.lang));
      children.push(this.r.siteUrl ? link(this.r.siteUrl + e.file.path, label) : new TextRun(label));
      if (e.description) children.push(new TextRun(` — ${e.description}`));
    } else if (e.url) {
      // The address itself, not only the words before it: the document is also read on paper.
      if (e.description) children.push(new TextRun(`${e.description}: `));
      children.push(link(e.url, e.url));
    } else children.push(new TextRun(`${e.description ?? ''}${e.date ? ` (${formatDate(e.date, this.r.lang)})` : ''}`));
    return new Paragraph({ children });
  }

  /** After the conclusions, as in the seed: the summary table, the chart, the comparison across rounds. */
  private figures(): (Paragraph | Table)[] {
    const r = this.r;
    const m = this.m;
    const s = r.summary;
    const withUnassessed = s.total.unassessed > 0;
    const head = [m.summaryCorner, ...LEVELS.map((l) => levelLabel(l, r.lang)), ...(withUnassessed ? [m.unassessed] : []), m.total];
    const widths = [FULL - (head.length - 2) * LEVEL_COLUMN - TOTAL_COLUMN, ...head.slice(1, -1).map(() => LEVEL_COLUMN), TOTAL_COLUMN];
    const cells = (values: string[], bold = false) =>
      new TableRow({
        children: values.map(
          (v, i) =>
            new TableCell({
              width: { size: widths[i]!, type: WidthType.DXA },
              children: [
                new Paragraph({
                  alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT,
                  children: [new TextRun({ text: v, bold, size: SMALL })],
                }),
              ],
            }),
        ),
      });
    const counts = (c: Record<Level, number>, unassessed: number, total: number) => [
      ...LEVELS.map((l) => String(c[l])),
      ...(withUnassessed ? [String(unassessed)] : []),
      String(total),
    ];
    const pct = (n: number) => formatNumber(n, r.lang);
    const summary = new Table({
      width: { size: FULL, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      margins: SUMMARY_MARGINS,
      borders: BORDERS,
      rows: [
        cells(head, true),
        ...s.rows.map((row) => cells([row.theme, ...counts(row.counts, row.unassessed, row.total)])),
        cells([m.total, ...counts(s.total.counts, s.total.unassessed, s.total.total)], true),
        cells(
          [
            m.percent,
            ...LEVELS.map((l) => pct(s.percentages[l])),
            ...(withUnassessed ? [pct(Math.round((1000 * s.total.unassessed) / Math.max(1, s.total.total)) / 10)] : []),
            '100',
          ],
          true,
        ),
      ],
    });
    const png = chartPng(r.chart.svg);
    const { width, height } = png;
    const fit = Math.min(1, 600 / width);
    const chart = new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new ImageRun({
          type: 'svg',
          data: Buffer.from(r.chart.svg),
          fallback: { type: 'png', data: png.data },
          transformation: { width: Math.round(width * fit), height: Math.round(height * fit) },
          altText: { name: r.chart.title, title: r.chart.title, description: r.chart.alt },
        }),
      ],
    });
    const rounds = r.comparison.rounds;
    const roundWidth = Math.max(ROUND_COLUMN.min, Math.min(ROUND_COLUMN.max, Math.floor((FULL - 700 - 3600) / Math.max(1, rounds.length))));
    const comparison = new Table({
      width: { size: FULL, type: WidthType.DXA },
      columnWidths: [700, FULL - 700 - roundWidth * rounds.length, ...rounds.map(() => roundWidth)],
      borders: BORDERS,
      rows: [
        new TableRow({
          tableHeader: true,
          children: [m.comparisonNumber, m.comparisonCommitment]
            .map((h) => this.label(h, 1, false))
            .concat(rounds.map((x) => this.roundHeader(x))),
        }),
        ...r.comparison.rows.map(
          (row) =>
            new TableRow({
              children: [
                this.cell([new Paragraph(`${row.number}.`)], 1, false, false),
                this.cell([new Paragraph({ children: this.runs(row.title) })], 1, false, false),
                ...row.levels.map((l) => this.cell([new Paragraph(l ? levelLabel(l, r.lang) : '')], 1, false, false)),
              ],
            }),
        ),
      ],
    });
    return [new Paragraph(''), summary, new Paragraph(''), chart, new Paragraph(''), comparison, new Paragraph('')];
  }

  /** "Evaluación final" and, below, "septiembre de 2017": the seed's header, which the import reads rounds from. */
  private roundHeader(x: RoundRef): TableCell {
    const title = x.lang === this.r.lang ? x.title : messages(this.r.lang).roundKinds[x.kind];
    const month = x.cutoffDate ? formatMonth(x.cutoffDate, this.r.lang) : '';
    const cap = month.charAt(0).toUpperCase() + month.slice(1);
    return this.cell(
      [
        new Paragraph({
          children: [
            new TextRun({ text: title, bold: true, size: SMALL }),
            ...(cap ? [new TextRun({ text: cap, bold: true, size: SMALL, break: 1 })] : []),
          ],
        }),
      ],
      1,
      true,
      false,
    );
  }

  private recommendations(): (Paragraph | Table)[] {
    const m = this.m;
    const cols = m.recommendationColumns;
    const out: (Paragraph | Table)[] = [
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(m.recommendationsHeading)] }),
    ];
    const bySource = new Map<string, typeof this.r.recommendations>();
    for (const x of this.r.recommendations) bySource.set(x.source, [...(bySource.get(x.source) ?? []), x]);
    for (const [source, items] of bySource) {
      out.push(new Paragraph({ children: [new TextRun({ text: `${m.source}: `, bold: true }), new TextRun(source)] }));
      out.push(
        new Table({
          width: { size: FULL, type: WidthType.DXA },
          borders: BORDERS,
          rows: [
            new TableRow({ tableHeader: true, children: cols.map((c) => this.label(c)) }),
            ...items.map(
              (x) =>
                new TableRow({
                  children: [
                    this.cell(this.markdown(x.text, false)),
                    this.cell(x.answer ? this.markdown(x.answer, false) : []),
                    this.cell([new Paragraph(x.status ? reviewMessages[this.r.lang].scales.status[x.status] : '')]),
                    this.cell(x.action ? this.markdown(x.action, false) : []),
                  ],
                }),
            ),
          ],
        }),
      );
    }
    return out;
  }

  /** The annex with the IRM's review of each commitment: outside the fichas, which stay the seed's. */
  private reviews(): (Paragraph | Table)[] {
    const m = this.m;
    const L = m.reviewLabels;
    // The words of the commitment's review page (i18n/review.ts): one list of labels for both.
    const rm = reviewMessages[this.r.lang];
    const S = rm.scales;
    const out: (Paragraph | Table)[] = [
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(m.annexes)] }),
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(m.reviewHeading)] }),
    ];
    for (const { review: v, ...x } of this.r.reviews) {
      const heading = `${this.m.commitmentCell(x.commitmentNumber, x.commitmentTitle.text).replace(/\.\s/, ': ')} — ${rm.reports[v.report]}${v.reportYear ? ` ${v.reportYear}` : ''}`;
      out.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(heading)] }));
      const pair = (label: string, value: string) => new TableRow({ children: [this.label(label), this.cell([new Paragraph(value)], 4)] });
      const self = v.self
        ? `${v.self.level ? levelLabel(v.self.level, this.r.lang) : m.none} (${roundName(v.self.round, this.r.lang)})`
        : rm.noSelf;
      out.push(
        new Table({
          width: { size: FULL, type: WidthType.DXA },
          columnWidths: COLS,
          borders: BORDERS,
          rows: [
            pair(rm.specificity, v.specificity ? S.specificity[v.specificity] : m.none),
            pair(rm.relevance, v.values.length ? v.values.map((x) => S.values[x]).join(', ') : m.none),
            pair(rm.potentialImpact, v.potentialImpact ? S.potentialImpact[v.potentialImpact] : m.none),
            pair(L.completion, `${v.completion ? S.completion[v.completion] : m.none} (${rm.agreement(v.agreement)})`),
            pair(L.selfAssessed, self),
            pair(rm.diog, v.diog.overall ? S.diog[v.diog.overall] : m.none),
            pair(rm.starred, v.starred ? `★ ${m.yes}` : m.no),
          ],
        }),
      );
      if (x.text) {
        out.push(new Paragraph({ children: [new TextRun({ text: rm.reviewerText, bold: true })] }));
        out.push(...this.markdown(x.text));
      }
    }
    return out;
  }
}

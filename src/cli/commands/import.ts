import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../errors.js';
import { levelLabel } from '../../domain/levels.js';
import { computeSummary } from '../../domain/summary.js';
import { messages, warningLine, warningMessage } from '../../i18n/index.js';
import type { ParsedReport } from '../../import/model.js';
import { looksLikeOgpDataset } from '../../import/ogp-csv/index.js';
import { readReport } from '../../import/read-report.js';
import { importReport } from '../../services/import-report.js';
import { getPlan } from '../../services/plans.js';
import { openStore } from '../../storage/connect.js';
import type { Io } from '../output.js';
import { importOgpCommand } from './import-ogp.js';

export interface ImportCommandOptions {
  dryRun?: boolean;
  json?: boolean;
  government?: string;
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new AppError('file_unreadable', {
      file: path,
      reason: err.code && ['ENOENT', 'EISDIR', 'EACCES'].includes(err.code) ? err.code : err.message,
    });
  }
}

export async function importCommand(file: string, options: ImportCommandOptions, io: Io): Promise<number> {
  // OGP's commitment dataset is told from a report by its header.
  const bytes = await readBytes(file);
  if (looksLikeOgpDataset(bytes)) return importOgpCommand(file, bytes, options, io);
  const m = messages(io.lang);
  const started = performance.now();
  const parsed = await readReport(bytes, basename(file));

  if (options.dryRun) {
    if (options.json) io.out(JSON.stringify(dryRunDocument(parsed, io), null, 2));
    else printDryRun(parsed, io);
    return 0;
  }

  const store = await openStore(process.env.DATABASE_URL);
  try {
    if (!options.json) io.err(m.cli.reading({ file }));
    const result = await importReport(store, parsed, {
      actor: `cli:${process.env.USER ?? 'import'}`,
      fileName: basename(file),
      bytes,
      now: new Date().toISOString(),
      ...(options.government ? { government: options.government } : {}),
    });
    const plan = await getPlan(store, result.planId);
    const counts = {
      commitments: parsed.commitments.length,
      activities: parsed.commitments.reduce((n, c) => n + c.activities.length, 0),
      evidence: parsed.commitments.reduce((n, c) => n + c.evidence.length, 0),
      sources: parsed.commitments.reduce((n, c) => n + c.sources.length, 0),
      rounds: parsed.rounds.length,
    };
    if (options.json) {
      io.out(
        JSON.stringify(
          {
            plan: { id: plan.id, title: plan.title },
            created: result.created,
            changes: result.changes,
            keptCommitments: result.keptCommitments,
            counts,
            warnings: parsed.warnings.map((w) => ({ ...w, message: warningMessage(w, io.lang) })),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    io.out(m.cli.imported({ created: result.created ? 1 : 0, plan: plan.title, id: plan.id, ...counts }));
    io.out(`${m.cli.changes({ n: result.changes })} ${m.cli.tookMs({ ms: Math.round(performance.now() - started) })}`);
    if (result.keptCommitments.length > 0) io.out(m.cli.kept({ numbers: result.keptCommitments.join(', ') }));
    printWarnings(parsed, io);
    return 0;
  } finally {
    await store.close();
  }
}

function printWarnings(parsed: ParsedReport, io: Io): void {
  const m = messages(io.lang);
  if (parsed.warnings.length === 0) {
    io.out(m.cli.noWarnings);
    return;
  }
  io.out(m.cli.warningsHeader({ n: parsed.warnings.length }));
  for (const w of parsed.warnings) io.out(`  - ${warningLine(w, io.lang)}`);
}

function printDryRun(parsed: ParsedReport, io: Io): void {
  const lang = parsed.language;
  io.out(`${parsed.plan.title} — ${parsed.government?.name ?? '?'}`);
  if (parsed.plan.approvalInstrument)
    io.out(`${parsed.plan.approvalInstrument}${parsed.plan.approvalDate ? ` (${parsed.plan.approvalDate})` : ''}`);
  parsed.themes.forEach((t, i) => {
    io.out(`\n${i + 1}. ${t.title}`);
    for (const c of parsed.commitments.filter((x) => x.themeIndex === i)) {
      io.out(`   ${String(c.number).padStart(2)}. ${c.title} — ${c.level ? levelLabel(c.level, lang) : '?'} (${c.activities.length})`);
    }
  });
  io.out('');
  printWarnings(parsed, io);
}

/** The one JSON document `import --dry-run --json` prints; levels as the report writes them. */
export function dryRunDocument(parsed: ParsedReport, io: Io) {
  const midterm = parsed.rounds.find((r) => r.kind === 'midterm');
  const lang = parsed.language;
  const summary = computeSummary({
    themes: parsed.themes.map((t, i) => ({ id: i, title: t.title })),
    commitments: parsed.commitments.map((c) => ({ id: c.number, themeId: c.themeIndex })),
    levels: new Map(parsed.commitments.map((c) => [c.number, c.level])),
  });
  return {
    plan: {
      title: parsed.plan.title,
      government: parsed.government?.name ?? null,
      period: parsed.plan.periodStart && parsed.plan.periodEnd ? `${parsed.plan.periodStart}-${parsed.plan.periodEnd}` : null,
      approvalInstrument: parsed.plan.approvalInstrument,
      approvalDate: parsed.plan.approvalDate,
      status: parsed.plan.status,
      language: parsed.language,
    },
    themes: parsed.themes.map((t, i) => ({ number: i + 1, title: t.title, spellings: t.spellings })),
    rounds: parsed.rounds.map((r) => ({ kind: r.kind, title: r.title, cutoffDate: r.cutoffDate })),
    commitments: parsed.commitments.map((c) => ({
      number: c.number,
      title: c.title,
      theme: parsed.themes[c.themeIndex]?.title ?? null,
      leadAgency: c.leadAgency?.asWritten ?? null,
      agency: c.leadAgency ? { name: c.leadAgency.name, acronym: c.leadAgency.acronym } : null,
      contact: c.contact,
      level: c.level ? (c.levelText ?? levelLabel(c.level, lang)) : null,
      midtermLevel: midterm ? midterm.levels.get(c.number)?.text || null : null,
      activities: c.activities.map((a) => ({ number: a.number, text: a.title, details: a.details })),
      evidence: c.evidence.map((e) => ({ url: e.url, description: e.description, activity: e.activityNumber })),
      sources: c.sources.map((s) => ({ text: s.text, date: s.date })),
    })),
    summary: {
      rows: summary.rows.map((r) => ({ theme: r.theme, ...levelCounts(r.counts, lang), total: r.total })),
      total: { ...levelCounts(summary.total.counts, lang), total: summary.total.total },
      percentages: levelCounts(summary.percentages, lang),
    },
    warnings: parsed.warnings.map((w) => ({ code: w.code, commitment: w.commitment, line: w.line, message: warningMessage(w, io.lang) })),
  };
}

function levelCounts(counts: Record<string, number>, lang: 'es' | 'en'): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([level, n]) => [levelLabel(level as never, lang), n]));
}

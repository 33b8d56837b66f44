import { LEVELS, levelLabel } from '../../domain/levels.js';
import { formatNumber, messages } from '../../i18n/index.js';
import { roundName } from '../../i18n/format.js';
import { getComparison, getSummary, resolvePlanId } from '../../services/plans.js';
import { openStore } from '../../storage/connect.js';
import { formatTable, type Io } from '../output.js';

export async function summaryCommand(options: { plan?: number; round?: number; json?: boolean }, io: Io): Promise<number> {
  const store = await openStore(process.env.DATABASE_URL);
  try {
    const planId = await resolvePlanId(store, options.plan);
    const { plan, round, summary } = await getSummary(store, planId, options.round, { includeDrafts: true });
    if (options.json) {
      io.out(
        JSON.stringify(
          {
            plan,
            round,
            columns: [...LEVELS.map((l) => ({ level: l, label: levelLabel(l, io.lang) })), { level: 'total', label: 'Total' }],
            rows: summary.rows.map((r) => ({
              themeId: r.themeId,
              theme: r.theme,
              counts: r.counts,
              unassessed: r.unassessed,
              total: r.total,
            })),
            total: summary.total,
            percentages: summary.percentages,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const m = messages(io.lang);
    const showUnassessed = summary.total.unassessed > 0;
    const header = [
      m.cli.themeColumn,
      ...LEVELS.map((l) => levelLabel(l, io.lang)),
      ...(showUnassessed ? [m.cli.unassessedColumn] : []),
      'Total',
    ];
    const row = (label: string, counts: Record<string, number>, unassessed: number, total: number) => [
      label,
      ...LEVELS.map((l) => String(counts[l])),
      ...(showUnassessed ? [String(unassessed)] : []),
      String(total),
    ];
    const rows = [
      header,
      ...summary.rows.map((r) => row(r.theme, r.counts, r.unassessed, r.total)),
      row(m.cli.totalRow, summary.total.counts, summary.total.unassessed, summary.total.total),
      [
        m.cli.percentRow,
        ...LEVELS.map((l) => formatNumber(summary.percentages[l], io.lang)),
        ...(showUnassessed ? [formatNumber((summary.total.unassessed * 100) / Math.max(1, summary.total.total), io.lang)] : []),
        summary.total.total > 0 ? '100' : '0',
      ],
    ];
    io.out(`${plan.title} — ${roundName(round, io.lang)}\n`);
    io.out(formatTable(rows, (i) => i > 0));
    return 0;
  } finally {
    await store.close();
  }
}

export async function compareCommand(options: { plan?: number; from?: number; to?: number; json?: boolean }, io: Io): Promise<number> {
  const store = await openStore(process.env.DATABASE_URL);
  try {
    const planId = await resolvePlanId(store, options.plan);
    const result = await getComparison(store, planId, options.from, options.to, { includeDrafts: true });
    if (options.json) {
      io.out(JSON.stringify(result, null, 2));
      return 0;
    }
    const m = messages(io.lang);
    const label = (l: (typeof result.comparison.rows)[number]['from']) => (l ? levelLabel(l, io.lang) : '—');
    const rows = [
      [m.cli.numberColumn, m.cli.commitmentColumn, roundName(result.from, io.lang), roundName(result.to, io.lang), ''],
      ...result.comparison.rows.map((r) => [
        `${r.number}.`,
        r.title.length > 70 ? `${r.title.slice(0, 69)}…` : r.title,
        label(r.from),
        label(r.to),
        r.movement === 'up' ? '↑' : r.movement === 'down' ? '↓' : r.movement === 'same' ? '=' : '?',
      ]),
    ];
    io.out(`${result.plan.title}\n`);
    io.out(formatTable(rows, (i) => i === 0));
    io.out(`\n${m.cli.moved(result.comparison.counts)}`);
    return 0;
  } finally {
    await store.close();
  }
}

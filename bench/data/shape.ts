/**
 * The shape of the synthetic dataset (issue 8): what scale 1 holds, and the counts any scale gives.
 * Scale N multiplies the governments (scale 10 = 1,500 governments); a fractional scale makes a small
 * dataset for tests (0.02 = 3 governments). Every plan has the same number of commitments, activities,
 * evidence items, rounds and assessments, so counts follow from the scale alone; themes (3–5 per plan)
 * and measurements (monthly, up to DATASET_TODAY) follow from each plan's number and period.
 */
export const SHAPE = {
  governmentsPerScale: 150,
  agenciesPerGovernment: 6,
  plansPerGovernment: 4,
  sectionsPerPlan: 3,
  commitmentsPerPlan: 15,
  activitiesPerCommitment: 6,
  evidencePerActivity: 3,
  roundsPerPlan: 4,
  indicatorsPerCommitment: 1,
  auditEntriesPerScale: 200_000,
} as const;

/** "Today" for the dataset: which plans are active, which rounds published, how far measurements go. Fixed, so the data never depends on the day it is made. */
export const DATASET_TODAY = '2026-11-01';

/** Round kinds by position, and their cutoff (month-day, years after the plan's start year). */
export const ROUNDS = [
  { kind: 'periodic', cutoff: (y: number) => `${y}-12-31` },
  { kind: 'midterm', cutoff: (y: number) => `${y + 1}-06-30` },
  { kind: 'periodic', cutoff: (y: number) => `${y + 1}-12-31` },
  { kind: 'end-of-term', cutoff: (y: number) => `${y + 2}-06-30` },
] as const;

export function governmentCount(scale: number): number {
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`--scale must be a number above 0 (got ${scale})`);
  return Math.max(1, Math.round(SHAPE.governmentsPerScale * scale));
}

/** The first half (rounded up) are national governments, the rest local. */
export function nationalCount(governments: number): number {
  return Math.ceil(governments / 2);
}

export function auditEntryCount(scale: number): number {
  return Math.round(SHAPE.auditEntriesPerScale * scale);
}

/** A government's first plan starts in 2016–2019 (the first government's in 2019, so even a tiny dataset has an active plan); its four two-year plans follow one another. */
export function planStartYear(governmentIndex: number, planNumber: number): number {
  return 2019 - (governmentIndex % 4) + 2 * planNumber;
}

/** 3, 4 or 5 themes, by the plan's index in the dataset. */
export function themeCount(planIndex: number): number {
  return 3 + (planIndex % 3);
}

export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A plan runs from July 1st of its start year to June 30th two years later. */
export function planDates(startYear: number): { start: string; end: string } {
  return { start: `${startYear}-07-01`, end: `${startYear + 2}-06-30` };
}

/** The monthly measurement dates of an indicator of a plan starting that year: the 1st of each month after the start, up to the plan's end, before DATASET_TODAY. */
export function measurementDates(startYear: number): string[] {
  const { start, end } = planDates(startYear);
  const out: string[] = [];
  for (let m = 1; ; m++) {
    const date = addMonths(start, m);
    if (date > end || date >= DATASET_TODAY) return out;
    out.push(date);
  }
}

/** Rows per table at a scale (search_documents: one per commitment and per activity). */
export function expectedCounts(scale: number): Record<string, number> {
  const governments = governmentCount(scale);
  const plans = governments * SHAPE.plansPerGovernment;
  const commitments = plans * SHAPE.commitmentsPerPlan;
  const activities = commitments * SHAPE.activitiesPerCommitment;
  let themes = 0;
  let measurements = 0;
  for (let g = 0; g < governments; g++) {
    for (let j = 0; j < SHAPE.plansPerGovernment; j++) {
      const planIndex = g * SHAPE.plansPerGovernment + j;
      themes += themeCount(planIndex);
      measurements += measurementDates(planStartYear(g, j)).length * SHAPE.commitmentsPerPlan * SHAPE.indicatorsPerCommitment;
    }
  }
  return {
    governments,
    agencies: governments * SHAPE.agenciesPerGovernment,
    plans,
    plan_sections: plans * SHAPE.sectionsPerPlan,
    themes,
    commitments,
    commitment_agencies: commitments,
    commitment_contacts: commitments,
    activities,
    evidence: activities * SHAPE.evidencePerActivity,
    rounds: plans * SHAPE.roundsPerPlan,
    assessments: plans * SHAPE.roundsPerPlan * SHAPE.commitmentsPerPlan,
    indicators: commitments * SHAPE.indicatorsPerCommitment,
    indicator_measurements: measurements,
    // The other language's plan title, theme titles, and each commitment's title, objective and description.
    translations: plans + themes + commitments * 3,
    search_documents: commitments + activities,
    audit_log: auditEntryCount(scale),
  };
}

import { sql, type Kysely } from 'kysely';
import { appendAuditEntry } from './audit.js';
import type { Database, NewRow, Row, Table } from './schema.js';

/**
 * Every write goes through here, so that every write lands in the audit log in the same transaction:
 * who, when, what before and after (only the fields that changed).
 */
export interface WriteContext {
  /** Who writes: `user:12`, `cli:import`, `system`. */
  actor: string;
  /** One timestamp for the whole operation. */
  at: string;
  /** Why: the command or request, e.g. `import peru.txt sha256:ab12…`. */
  context?: string | null;
}

const STAMPED: ReadonlySet<Table> = new Set<Table>([
  'governments',
  'agencies',
  'plans',
  'plan_sections',
  'themes',
  'commitments',
  'activities',
  'rounds',
  'assessments',
  'irm_reviews',
  'irm_recommendations',
  'plan_monitoring_settings',
  'indicators',
  'indicator_measurements',
  'alerts',
  'plan_alert_settings',
  // Co-creation and the forum (migration 0012).
  'cocreation_calls',
  'workshops',
  'proposals',
  'candidate_commitments',
  'forum_members',
  'forum_meetings',
]);
const CREATED_ONLY: ReadonlySet<Table> = new Set<Table>([
  'commitment_agencies',
  'commitment_contacts',
  'commitment_co_leads',
  'commitment_modifications',
  'plan_stage_corrections',
  'evidence',
  'sources',
  'files',
  'warning_acknowledgements',
  'holidays',
]);
/** Tables with only an updated_at (a translation is replaced, not versioned). */
const UPDATED_ONLY: ReadonlySet<Table> = new Set<Table>(['translations']);

/** The values a caller gives for a row: never its id or timestamps, which the writer sets. */
export type Values<T extends Table> = Omit<NewRow<T>, 'id' | 'created_at' | 'updated_at'>;

export class AuditedWriter {
  /** Audit entries written so far. */
  changes = 0;
  private planId: number | null = null;
  private commitmentId: number | null = null;

  constructor(
    readonly db: Kysely<Database>,
    private readonly ctx: WriteContext,
  ) {}

  /** The plan the following writes belong to, for the audit log's filter. */
  forPlan(planId: number | null): this {
    this.planId = planId;
    return this;
  }

  /** The commitment the following writes are about (null when they are about the plan). */
  forCommitment(commitmentId: number | null): this {
    this.commitmentId = commitmentId;
    return this;
  }

  async insert<T extends Table>(table: T, values: Values<T>): Promise<number> {
    const row: Record<string, unknown> = { ...values };
    if (STAMPED.has(table)) Object.assign(row, { created_at: this.ctx.at, updated_at: this.ctx.at });
    else if (CREATED_ONLY.has(table)) row.created_at = this.ctx.at;
    else if (UPDATED_ONLY.has(table)) row.updated_at = this.ctx.at;
    return this.atomically(async (trx) => {
      const db = trx as unknown as Kysely<any>;
      const inserted = await db
        .insertInto(table as string)
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(inserted.id);
      await this.audit(trx, 'create', table, id, null, values as Record<string, unknown>);
      return id;
    });
  }

  /** Writes the fields that differ from `current`; nothing (and no audit entry) when none does. */
  /**
   * Changes what differs and logs it; false when nothing differed. `bumpVersion`: a writer that did not
   * claim the row's version first (an import) moves it on, so that an editor's form loaded before the
   * change is a conflict, not a silent undo.
   */
  async update<T extends Table>(
    table: T,
    current: Row<T>,
    values: Partial<Values<T>>,
    options: { bumpVersion?: boolean } = {},
  ): Promise<boolean> {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const cur = current as Record<string, unknown>;
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue;
      if (!sameValue(cur[key], value)) {
        before[key] = cur[key] ?? null;
        after[key] = value;
      }
    }
    if (Object.keys(after).length === 0) return false;
    const set: Record<string, unknown> = { ...after };
    if (STAMPED.has(table) || UPDATED_ONLY.has(table)) set.updated_at = this.ctx.at;
    if (options.bumpVersion && typeof cur.version === 'number') set.version = sql`version + 1`;
    await this.atomically(async (trx) => {
      const db = trx as unknown as Kysely<any>;
      await db
        .updateTable(table as string)
        .set(set)
        .where('id', '=', cur.id)
        .execute();
      await this.audit(trx, 'update', table, Number(cur.id), before, after);
    });
    return true;
  }

  async remove<T extends Table>(table: T, current: Row<T>): Promise<void> {
    const cur = current as Record<string, unknown>;
    const { id: _id, ...rest } = cur;
    await this.atomically(async (trx) => {
      const db = trx as unknown as Kysely<any>;
      await db
        .deleteFrom(table as string)
        .where('id', '=', cur.id)
        .execute();
      await this.audit(trx, 'delete', table, Number(cur.id), rest, null);
    });
  }

  /**
   * A write and its audit entry land together. Inside a transaction (an import) they already do; a
   * writer given the database itself gets a short transaction per write — otherwise the entry could
   * be lost after the write, and it would read the end of the hash chain without holding it.
   */
  private atomically<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? fn(this.db) : this.db.transaction().execute(fn);
  }

  /** After the row's own write: on SQLite that write holds the database's write lock, which the chain relies on. */
  private async audit(
    trx: Kysely<Database>,
    action: string,
    entity: Table,
    entityId: number,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    this.changes++;
    await appendAuditEntry(trx, {
      at: this.ctx.at,
      actor: this.ctx.actor,
      action,
      entity,
      entity_id: entityId,
      plan_id: entity === 'plans' ? entityId : this.planId,
      commitment_id: entity === 'commitments' ? entityId : this.commitmentId,
      before: before === null ? null : JSON.stringify(before),
      after: after === null ? null : JSON.stringify(after),
      context: this.ctx.context ?? null,
    });
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  // Numbers may come back as strings from some drivers; booleans are stored as 0/1.
  if (typeof b === 'boolean') return Number(a) === Number(b);
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b) && a !== null && b !== null;
  return false;
}

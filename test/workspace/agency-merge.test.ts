import assert from 'node:assert/strict';
import { nowIso } from '../helpers/clock.js';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { raiseAlert } from '../../src/services/alerts.js';
import { addIndicator } from '../../src/services/workspace/indicators.js';
import { AGENCY_REFERENCES } from '../../src/storage/agency-merge.js';
import type { Store } from '../../src/storage/connect.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { changedTables, dumpDatabase } from '../helpers/dump.js';

/**
 * Two agencies that are the same body, merged (issue 19): every row that names the one merged — lead-agency
 * history, editors' accounts, indicators, alerts, co-leads, milestones' responsible — names the one kept, which
 * the editors of both then edit; a co-lead row that would name the kept agency twice on a commitment is removed;
 * the merge is in the audit log in the person's name. Refused, naming why: an agency with itself, two
 * governments; agency editors, reviewers and visitors cannot merge.
 */

const unescape = (s: string) =>
  s
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('merging two agencies that are the same body', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let coordinator: SignedIn;
    let admin: SignedIn;
    let keptEditor: SignedIn;
    let mergedEditor: SignedIn;
    let reviewer: SignedIn;
    let kept: number;
    let merged: number;
    let foreign: number;
    let c4: number;
    let c5: number;
    /** Commitments led by neither agency at first, made into each case of co-leads (see before). */
    let d: [number, number, number, number];
    let keptOwnCoLead: number;
    let movedCoLead: number;
    let pastCoLead: number;
    let milestone: number;

    before(async () => {
      const s = await seededApp(db);
      ({ app, store } = s);
      c4 = s.commitment(4);
      c5 = s.commitment(5);
      const subject = (await commitmentSubject(store.db, c4))!;
      kept = subject.agency_id!;
      const keptRow = (await store.db.selectFrom('agencies').selectAll().where('id', '=', kept).executeTakeFirst())!;
      const w = new AuditedWriter(store.db, { actor: 'test', at: '2024-01-01T00:00:00.000Z' });
      // The duplicate an OGP import made ("… - OSCE"), leading commitment 5 now.
      merged = await w.insert('agencies', {
        government_id: keptRow.government_id,
        name: `${keptRow.name} - OSCE`,
        acronym: 'OSCE',
        lang: 'es',
      });
      const lead = (await store.db
        .selectFrom('commitment_agencies')
        .selectAll()
        .where('commitment_id', '=', c5)
        .where('valid_to', 'is', null)
        .executeTakeFirst())!;
      await w.update('commitment_agencies', lead, { agency_id: merged });
      // Co-leads (decision 030) in every case a merge meets: d1 led by the kept agency and co-led by the merged one
      // (now and before); d2 led by the merged one and co-led by the kept one; d3 co-led by both; d4 co-led by the
      // merged one alone, whose milestone it is responsible for.
      const others: number[] = [];
      for (let n = 6; n <= 17 && others.length < 4; n++) {
        const a = (await commitmentSubject(store.db, s.commitment(n)))?.agency_id;
        if (a && a !== kept) others.push(s.commitment(n));
      }
      d = others as typeof d;
      const setLead = async (commitmentId: number, agencyId: number) =>
        w.update(
          'commitment_agencies',
          (await store.db
            .selectFrom('commitment_agencies')
            .selectAll()
            .where('commitment_id', '=', commitmentId)
            .where('valid_to', 'is', null)
            .executeTakeFirstOrThrow())!,
          { agency_id: agencyId },
        );
      const coLead = (commitmentId: number, agencyId: number, from = '2016-01-01', to: string | null = null) =>
        w.insert('commitment_co_leads', { commitment_id: commitmentId, agency_id: agencyId, valid_from: from, valid_to: to });
      await setLead(d[0], kept);
      pastCoLead = await coLead(d[0], merged, '2015-08-01', '2015-12-31');
      await coLead(d[0], merged);
      await setLead(d[1], merged);
      await coLead(d[1], kept);
      keptOwnCoLead = await coLead(d[2], kept);
      await coLead(d[2], merged);
      movedCoLead = await coLead(d[3], merged);
      const activity = (await store.db
        .selectFrom('activities')
        .selectAll()
        .where('commitment_id', '=', d[3])
        .orderBy('id')
        .executeTakeFirstOrThrow())!;
      milestone = activity.id;
      await w.update('activities', activity, { responsible_agency_id: merged });
      const otherGovernment = await w.insert('governments', { name: 'Colombia', kind: 'national', country_code: 'CO', lang: 'es' });
      foreign = await w.insert('agencies', { government_id: otherGovernment, name: keptRow.name, acronym: null, lang: 'es' });
      coordinator = await signIn(app, store, { role: 'coordinator', governmentId: Number(keptRow.government_id) });
      admin = await signIn(app, store, { role: 'admin' });
      reviewer = await signIn(app, store, { role: 'reviewer' });
      keptEditor = await signIn(app, store, { role: 'agency-editor', agencyId: kept, name: 'Editora de la entidad' });
      mergedEditor = await signIn(app, store, { role: 'agency-editor', agencyId: merged, name: 'Editor del duplicado' });
      const indicator = await addIndicator(
        store,
        coordinator.actor,
        c5,
        {
          indicatorName: 'Procesos publicados',
          unit: 'procesos',
          direction: 'up',
          baselineValue: '0',
          baselineDate: '2015-07-01',
          targetValue: '10',
          targetDate: '2016-06-30',
          frequency: 'yearly',
          agencyId: String(merged),
        },
        nowIso(),
      );
      assert.ok(indicator.ok, JSON.stringify(indicator));
      const citizen = await signIn(app, store, { role: 'civil-society' });
      const alert = await raiseAlert(store, citizen.actor, c5, { category: 'delay', alertText: 'La actividad 1 no empezó.' }, '2016-05-02');
      assert.ok(alert.ok, JSON.stringify(alert));
    });
    after(async () => app.close());

    const page = (who: SignedIn | null, url: string) => app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
    const postForm = (who: SignedIn, fields: Record<string, string>, url = '/espacio/entidades/fusionar') =>
      app.inject({
        method: 'POST',
        url,
        payload: new URLSearchParams({ ...fields, _csrf: who.csrf }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie },
      });
    const references = async (agencyId: number) => {
      const out: Record<string, number> = {};
      for (const ref of AGENCY_REFERENCES) {
        const row = await sql<{
          n: number;
        }>`SELECT count(*) AS n FROM ${sql.table(ref.table)} WHERE ${sql.ref(ref.column)} = ${agencyId}`.execute(store.db);
        out[ref.table] = Number(row.rows[0]!.n);
      }
      return out;
    };

    test('every foreign key to agencies in the schema is one the merge moves', async () => {
      const rows =
        db.kind === 'sqlite'
          ? (
              await sql<{ table: string; column: string }>`
                SELECT m.name AS "table", p."from" AS "column" FROM sqlite_master m, pragma_foreign_key_list(m.name) p
                WHERE m.type = 'table' AND p."table" = 'agencies'`.execute(store.db)
            ).rows
          : (
              await sql<{ table: string; column: string }>`
                SELECT kcu.table_name AS "table", kcu.column_name AS "column"
                FROM information_schema.referential_constraints rc
                JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
                JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.unique_constraint_name AND ccu.constraint_schema = rc.unique_constraint_schema
                WHERE ccu.table_name = 'agencies' AND kcu.table_schema = current_schema()`.execute(store.db)
            ).rows;
      const key = (r: { table: string; column: string }) => `${r.table}.${r.column}`;
      assert.deepEqual(rows.map(key).sort(), AGENCY_REFERENCES.map(key).sort());
    });

    test('before: each editor edits only their own agency’s commitment', async () => {
      assert.equal((await page(mergedEditor, `/espacio/compromisos/${c5}`)).statusCode, 200);
      assert.equal((await page(mergedEditor, `/espacio/compromisos/${c4}`)).statusCode, 403);
      assert.equal((await page(keptEditor, `/espacio/compromisos/${c5}`)).statusCode, 403);
      assert.deepEqual(await references(merged), {
        commitment_agencies: 2,
        users: 1,
        indicators: 1,
        alerts: 1,
        commitment_co_leads: 4,
        activities: 1,
      });
    });

    test('refusals name why, and change nothing: the same agency, two governments; editors, reviewers and visitors may not', async () => {
      const before = await dumpDatabase(store);
      const same = await postForm(coordinator, { merged: String(merged), kept: String(merged) });
      assert.equal(same.statusCode, 400);
      assert.match(unescape(same.body), /Es la misma entidad: elija dos entidades distintas/);
      const sameEn = await postForm(coordinator, { merged: String(merged), kept: String(merged) }, '/en/espacio/entidades/fusionar');
      assert.match(unescape(sameEn.body), /It is the same agency/);
      const governments = await postForm(admin, { merged: String(foreign), kept: String(kept) });
      assert.equal(governments.statusCode, 400);
      assert.match(unescape(governments.body), /Las dos entidades son de gobiernos distintos/);
      const api = await app.inject({
        method: 'POST',
        url: '/api/v1/workspace/agency-merges',
        payload: { merged, kept: foreign },
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'accept-language': 'en' },
      });
      assert.equal(api.statusCode, 400);
      assert.match(String((api.json() as { error: { fields: Record<string, string> } }).error.fields.kept), /different governments/);
      // A coordinator of one government cannot reach another's agencies.
      assert.equal((await postForm(coordinator, { merged: String(foreign), kept: String(kept) })).statusCode, 403);
      for (const who of [mergedEditor, reviewer]) {
        assert.equal((await postForm(who, { merged: String(merged), kept: String(kept) })).statusCode, 403);
        assert.equal((await page(who, `/espacio/entidades/fusionar?merged=${merged}&kept=${kept}`)).statusCode, 403);
      }
      const anonymous = await app.inject({ method: 'POST', url: '/api/v1/workspace/agency-merges', payload: { merged, kept } });
      assert.equal(anonymous.statusCode, 401);
      // The choosing form preselects no agency; sent as it comes, it is refused naming each field.
      const choose = unescape((await page(coordinator, '/espacio/entidades/fusionar')).body);
      assert.match(choose, /<select id="f-merged" name="merged"><option value(="")? selected>Elija una entidad…<\/option>/);
      const blank = await page(coordinator, '/en/espacio/entidades/fusionar?merged=&kept=');
      assert.equal(blank.statusCode, 400);
      assert.match(unescape(blank.body), /Fill in “Agency merged \(removed\)”/);
      assert.match(unescape(blank.body), /Fill in “Agency kept”/);
      assert.deepEqual(changedTables(before, await dumpDatabase(store)), []);
    });

    test('the confirmation lists what moves: rows by table, the commitments, the editors', async () => {
      const res = await page(coordinator, `/espacio/entidades/fusionar?merged=${merged}&kept=${kept}`);
      assert.equal(res.statusCode, 200);
      const body = unescape(res.body);
      assert.match(body, /¿Fusionar «.* - OSCE» en «/);
      assert.match(body, /Entradas del historial de entidades responsables<\/th><td>2</);
      assert.match(body, /Corresponsabilidades de compromisos<\/th><td>4</);
      assert.match(body, /Hitos de los que es responsable<\/th><td>1</);
      assert.match(body, /3 corresponsabilidades se eliminan: la entidad que se conserva ya es responsable o corresponsable/);
      assert.match(body, /Cuentas de editores<\/th><td>1</);
      assert.match(body, /Indicadores<\/th><td>1</);
      assert.match(body, /Alertas<\/th><td>1</);
      assert.match(body, /Editor del duplicado/);
      assert.match(body, new RegExp(`href="/compromisos/${c5}"`));
      const api = await app.inject({
        url: `/api/v1/workspace/agency-merges?merged=${merged}&kept=${kept}`,
        headers: { cookie: admin.cookie },
      });
      assert.equal(api.statusCode, 200);
      assert.deepEqual((api.json() as { moves: unknown }).moves, [
        { table: 'commitment_agencies', rows: 2 },
        { table: 'users', rows: 1 },
        { table: 'indicators', rows: 1 },
        { table: 'alerts', rows: 1 },
        { table: 'commitment_co_leads', rows: 4 },
        { table: 'activities', rows: 1 },
      ]);
      assert.equal((api.json() as { duplicateCoLeads: number }).duplicateCoLeads, 3);
    });

    test('merge: every reference moves, the duplicate is gone, both editors edit both commitments, the audit log names the coordinator', async () => {
      const res = await postForm(coordinator, { merged: String(merged), kept: String(kept) });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.equal(res.headers.location, `/espacio/entidades/fusionar?hecho=${kept}`);
      assert.match(unescape((await page(coordinator, String(res.headers.location))).body), /Entidades fusionadas: todo pasó a «/);
      assert.equal(await store.db.selectFrom('agencies').select('id').where('id', '=', merged).executeTakeFirst(), undefined);
      assert.deepEqual(await references(merged), {
        commitment_agencies: 0,
        users: 0,
        indicators: 0,
        alerts: 0,
        commitment_co_leads: 0,
        activities: 0,
      });
      const now = (await references(kept)) as Record<(typeof AGENCY_REFERENCES)[number]['table'], number>;
      assert.ok(now.commitment_agencies >= 2 && now.users >= 2 && now.indicators === 1 && now.alerts === 1, JSON.stringify(now));
      // The history keeps what the report wrote.
      const lead = await store.db
        .selectFrom('commitment_agencies')
        .selectAll()
        .where('commitment_id', '=', c5)
        .where('valid_to', 'is', null)
        .executeTakeFirstOrThrow();
      assert.equal(Number(lead.agency_id), kept);
      for (const who of [mergedEditor, keptEditor])
        for (const c of [c4, c5]) assert.equal((await page(who, `/espacio/compromisos/${c}`)).statusCode, 200, `${who.actor.name}, ${c}`);
      const entries = await store.db
        .selectFrom('audit_log')
        .select(['actor', 'entity', 'action'])
        .where('context', 'like', 'merge agency %')
        .execute();
      assert.ok(entries.length >= 5);
      assert.ok(entries.every((e) => e.actor === `user:${coordinator.actor.userId}`));
      assert.ok(entries.some((e) => e.entity === 'agencies' && e.action === 'delete'));
      assert.ok(entries.some((e) => e.entity === 'users' && e.action === 'update'));
    });

    test('after the merge no commitment names the kept agency twice among its leads; the rest of the co-leads and the milestone moved', async () => {
      const coLeads = async (commitmentId: number) =>
        (
          await store.db
            .selectFrom('commitment_co_leads')
            .select(['id', 'agency_id', 'valid_to'])
            .where('commitment_id', '=', commitmentId)
            .orderBy('id')
            .execute()
        ).map((r) => [Number(r.id), Number(r.agency_id), r.valid_to]);
      // d1: the kept agency leads it; the merged one's current co-lead row is gone, its past one is history now naming the kept.
      assert.deepEqual(await coLeads(d[0]), [[pastCoLead, kept, '2015-12-31']]);
      // d2: the merged agency led it, the kept one co-led it: it leads it now, once.
      assert.deepEqual(await coLeads(d[1]), []);
      // d3: both co-led it: the kept agency's own row stays.
      assert.deepEqual(await coLeads(d[2]), [[keptOwnCoLead, kept, null]]);
      // d4: the merged agency alone co-led it: the row moved.
      assert.deepEqual(await coLeads(d[3]), [[movedCoLead, kept, null]]);
      const activity = await store.db
        .selectFrom('activities')
        .select('responsible_agency_id')
        .where('id', '=', milestone)
        .executeTakeFirstOrThrow();
      assert.equal(Number(activity.responsible_agency_id), kept);
      // The public commitment lists each lead once.
      for (const [c, lead, co] of [
        [d[0], kept, []],
        [d[1], kept, []],
        [d[2], null, [kept]],
        [d[3], null, [kept]],
      ] as [number, number | null, number[]][]) {
        const pub = (await page(null, `/api/v1/commitments/${c}`)).json().commitment;
        if (lead !== null) assert.equal(pub.leadAgency.agency.id, lead);
        assert.deepEqual(
          pub.coLeads.map((a: { id: number }) => a.id),
          co,
          `commitment ${c}`,
        );
      }
      const removed = await store.db
        .selectFrom('audit_log')
        .select(['actor', 'entity_id'])
        .where('context', 'like', 'merge agency %')
        .where('entity', '=', 'commitment_co_leads')
        .where('action', '=', 'delete')
        .execute();
      assert.equal(removed.length, 3);
      assert.ok(removed.every((e) => e.actor === `user:${coordinator.actor.userId}`));
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse as parseHtml } from 'node-html-parser';
import { eachDatabase } from '../helpers/databases.js';
import { exclusionOf, hostileApp, textColumns, type Hostile } from './hostile-data.js';
import { checkCsv, checkDocx, checkHtml, checkJson, checkXlsx, checkXml, type Checked } from './output-checks.js';

/**
 * Stored script: every text a person can write holds HTML that would run script, an attribute
 * break-out, a javascript: link and a spreadsheet formula (test/security/hostile-data.ts). Every page
 * the app has (every GET route, in Spanish and English, as each kind of visitor), every download (CSV,
 * XLSX, DOCX, JSON, Atom) is fetched: nothing of the payload may come through as markup, no cell may
 * start a formula, and each filled field's marker must be seen as text somewhere.
 */

type Visitor = 'anonymous' | keyof Hostile['people'];
const VISITORS: Visitor[] = ['anonymous', 'civilSociety', 'ownEditor', 'otherEditor', 'coordinator', 'reviewer', 'admin'];

/** Fields filled but shown nowhere, each with why (the walk fails if one of these starts being shown, so the list stays true). */
const NOT_SHOWN: Record<string, string> = {
  'sources.doc_number':
    'kept for the record, shown only in the public history of changes — from the audit log, which the fill does not rewrite; the history page is walked with the payload the service wrote there',
  'sources.issuing_agency': 'as sources.doc_number',
  'commitment_modifications.actor':
    'who made a modification (user:N, as the audit log writes it): never shown to anyone, as the history names no one',
  'plan_stage_corrections.actor': 'as commitment_modifications.actor',
  'commitments.policy_areas':
    "read as a set of OGP's policy-area names: a known name becomes a yes/no column of the OGP CSV, the stored text itself is never shown",
  'commitments.ogp_not_determined':
    'read as OGP\'s markers by column (migration 0020): only a value "ND" or "NR" is written back, as ND/NR, by the OGP CSV; the stored text itself is never shown',
};

/** Routes the walk does not fetch, each with why. */
const SKIPPED: Record<string, string> = {
  'GET /assets/site.css': 'a static file',
  'GET /assets/favicon.svg': 'a static file',
  'GET /assets/report.css': 'a static file',
  'GET /favicon.ico': 'a static file',
};

/** Downloads and pages reached through a query string rather than a route of their own. */
function extraUrls(h: Hostile): { url: string; who: Visitor[] }[] {
  const { plan, openRound, publishedRound } = h.ids;
  const all: Visitor[] = VISITORS;
  const out: { url: string; who: Visitor[] }[] = [];
  for (const prefix of ['', '/en']) {
    for (const ds of ['planes', 'compromisos', 'actividades', 'evaluaciones', 'resumen'])
      for (const f of ['csv', 'xlsx', 'json'])
        out.push(
          { url: `${prefix}/datos/${ds}.${f}`, who: ['anonymous'] },
          { url: `${prefix}/datos/${ds}.${f}?plan=${plan}`, who: ['anonymous'] },
        );
    for (const f of ['csv', 'xlsx']) out.push({ url: `${prefix}/planes/${plan}/indicadores.${f}`, who: ['anonymous'] });
    out.push({ url: `${prefix}/datos/ogp.csv?plan=${plan}`, who: ['anonymous'] });
    // A consultation closed early: its page shows why (the walk's routes name the open one).
    out.push({ url: `${prefix}/planes/${plan}/consultas/${h.ids.closedConsultation}`, who: ['anonymous'] });
    for (const f of ['docx', 'html']) {
      for (const lang of ['es', 'en']) {
        out.push({ url: `${prefix}/espacio/planes/${plan}/informe/descarga?formato=${f}&idioma=${lang}&ronda=${openRound}`, who: all });
        out.push({
          url: `${prefix}/espacio/planes/${plan}/informe/descarga?formato=${f}&idioma=${lang}&ronda=${publishedRound}`,
          who: ['coordinator'],
        });
      }
    }
    out.push({ url: `${prefix}/planes/${plan}/informe?ronda=${openRound}`, who: all });
    out.push({ url: `${prefix}/planes/${plan}?ronda=${publishedRound}`, who: ['anonymous'] });
    out.push({ url: `${prefix}/buscar?q=mk`, who: ['anonymous'] }, { url: `${prefix}/buscar?q=script`, who: ['anonymous'] });
    out.push({ url: `/api/v1/search?q=script`, who: ['anonymous'] });
  }
  return out;
}

function concreteUrl(h: Hostile, url: string): string {
  const { ids } = h;
  return url
    .split('/')
    .map((part, i, parts) => {
      if (!part.startsWith(':')) return part;
      const parent = parts[i - 1]!;
      if (part === ':cid') return ids.commitment;
      if (part === ':consultationId' || parent === 'consultations') return ids.consultation;
      if (part === ':commentId' || parent === 'consultation-comments') return ids.comment;
      if (part === ':report') return 'progress';
      if (part === ':key') return 'conclusions';
      if (part === ':hid') return 1;
      if (part === ':dataset.:format') return 'compromisos.csv';
      if (part === ':id.:format') return 'x';
      if (parent === 'alertas' || parent === 'alerts') return ids.alert;
      if (parent === 'planes' || parent === 'plans') return ids.plan;
      if (parent === 'compromisos' || parent === 'commitments') return ids.commitment;
      if (parent === 'temas' || parent === 'themes') return ids.theme;
      if (parent === 'entidades' || parent === 'agencies') return ids.agency;
      if (parent === 'evaluaciones' || parent === 'rounds') return ids.openRound;
      if (parent === 'indicadores' || parent === 'indicators') return ids.indicator;
      if (parent === 'propuestas' || parent === 'proposals') return ids.proposal;
      if (parent === 'candidatos' || parent === 'candidates') return ids.candidate;
      if (parent === 'talleres' || parent === 'workshops') return ids.workshop;
      if (parent === 'miembros' || parent === 'forum-members') return ids.member;
      if (parent === 'sesiones' || parent === 'forum-meetings') return ids.meeting;
      if (parent === 'evidencias' || parent === 'evidence') return ids.fileEvidence;
      if (parent === 'actividades' || parent === 'activities') return ids.activity;
      return `__${part.slice(1)}__`;
    })
    .join('/');
}

describe('stored script: hostile text in every field is shown as text everywhere', () => {
  eachDatabase((db) => {
    let h: Hostile;
    const seen: string[] = [];
    /** What each visitor was answered, as text, by URL: for the permissions' test. */
    const answers: { url: string; who: Visitor; text: string; kind: string }[] = [];
    const problems: string[] = [];
    const counts = { pages: 0, exports: 0, answers: 0 };
    before(async () => {
      h = await hostileApp(db);
    });
    after(async () => h.app.close());

    test('every text column of the schema is filled with the payload or excluded with a reason', async () => {
      assert.deepEqual(h.uncovered, []);
      const columns = await textColumns(h.store);
      const filledKeys = new Set(h.filled.map((c) => `${c.table}.${c.column}`));
      for (const c of columns)
        assert.ok(filledKeys.has(`${c.table}.${c.column}`) || exclusionOf(c.table, c.column), `${c.table}.${c.column}`);
      assert.ok(h.filled.length > 80, `${h.filled.length} columns filled`);
    });

    async function check(url: string, who: Visitor): Promise<void> {
      const headers: Record<string, string> = who === 'anonymous' ? {} : { cookie: h.people[who].cookie };
      const res = await h.app.inject({ method: 'GET', url, headers });
      if (res.statusCode >= 500) problems.push(`${url} as ${who}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (res.statusCode !== 200) return;
      counts.answers++;
      const type = String(res.headers['content-type'] ?? '');
      let checked: Checked;
      if (/\/archivo$/.test(url)) {
        // An uploaded file, served back byte for byte: never shown inside the site (attachment, sandboxed), so its content is the uploader's.
        counts.exports++;
        const ok =
          /^attachment;/.test(String(res.headers['content-disposition'])) && /sandbox/.test(String(res.headers['content-security-policy']));
        checked = {
          problems: ok ? [] : ['an uploaded file served inline or without a sandbox'],
          text: String(res.headers['content-disposition']),
        };
      } else if (type.startsWith('text/html')) {
        checked = checkHtml(res.body);
        counts.pages++;
      } else {
        counts.exports++;
        if (type.includes('json')) checked = checkJson(res.body);
        else if (type.startsWith('text/csv')) checked = checkCsv(res.body);
        else if (type.includes('spreadsheetml')) checked = await checkXlsx(res.rawPayload);
        else if (type.includes('wordprocessingml')) checked = await checkDocx(res.rawPayload);
        else if (type.includes('xml')) checked = checkXml(res.body, url);
        else if (type.startsWith('text/plain') || type.startsWith('text/css') || type.startsWith('image/'))
          checked = { problems: [], text: res.body };
        else checked = { problems: [`unexpected content type ${type}`], text: '' };
      }
      problems.push(...checked.problems.map((p) => `${url} as ${who}: ${p}`));
      seen.push(checked.text);
      answers.push({ url, who, text: checked.text, kind: /\/archivo$/.test(url) ? 'file' : type.split(';')[0]! });
    }

    // Rendering is the same code on both databases: the walk runs on SQLite; on PostgreSQL the fill and its coverage are checked.
    const walk = (name: string, fn: () => Promise<void> | void) => {
      if (db.kind === 'sqlite') void test(name, fn);
    };
    walk('every page and download, as every visitor, in both languages: the payload is text, no cell starts a formula', async () => {
      const routes = [...new Set(h.app.routeRules.filter((r) => r.method === 'GET').map((r) => r.url))];
      for (const route of routes) {
        if (SKIPPED[`GET ${route.replace(/^\/en(?=\/|$)/, '') || '/'}`]) continue;
        const url = concreteUrl(h, route);
        if (url.includes('__')) continue; // a route whose id the walk has no record for (none today but activities: they come from the ficha's edit page)
        for (const who of VISITORS) await check(url, who);
      }
      for (const { url, who } of extraUrls(h)) for (const w of who) await check(url, w);
      assert.deepEqual(problems, []);
      // The payload arrived, as text, in every kind of answer (not dropped on the way): pages, the chart's SVG, CSV, XLSX, DOCX, JSON, Atom.
      const script = '<script>window.__xss=1</script>';
      const kinds = [
        'text/html',
        'text/csv',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/json',
        'application/atom+xml',
      ];
      for (const kind of kinds)
        assert.ok(
          answers.some((a) => a.kind === kind && a.text.includes(script)),
          `the payload as text in a ${kind} answer`,
        );
      // The summary chart (SVG inline in the plan's page): the themes' hostile titles are its axis labels, as text.
      const theme = h.filled.find((c) => c.table === 'themes' && c.column === 'title')!;
      const svgs = parseHtml((await h.app.inject({ url: `/planes/${h.ids.plan}` })).body).querySelectorAll('svg');
      assert.ok(svgs.length > 0, 'the plan page has its chart');
      assert.ok(
        svgs.some((svg) => svg.querySelectorAll('text').some((t) => t.text.includes(theme.marker))),
        'a theme title is a label of the chart, as text',
      );
      assert.ok(counts.pages > 150, `${JSON.stringify(counts)}`);
    });

    walk('each filled field is shown somewhere as text (its marker), but for the ones listed as not shown', () => {
      const all = seen.join('\n');
      const missing = h.filled
        .filter((c) => !new RegExp(`(?<![a-z0-9])${c.marker}(?![0-9])`).test(all))
        .map((c) => `${c.table}.${c.column}`);
      assert.deepEqual(
        missing.filter((k) => !NOT_SHOWN[k]),
        [],
        'fields filled but seen nowhere: find the page that shows them, or list them in NOT_SHOWN with why',
      );
      assert.deepEqual(
        Object.keys(NOT_SHOWN).filter((k) => !missing.includes(k)),
        [],
        'listed as not shown, but shown',
      );
      const distinct = (pred: (a: (typeof answers)[number]) => boolean) => new Set(answers.filter(pred).map((a) => a.url)).size;
      const byKind = Object.fromEntries([...new Set(answers.map((a) => a.kind))].map((k) => [k, distinct((a) => a.kind === k)]));
      console.log(
        `stored script: ${h.filled.length} columns filled; ${counts.answers} answers checked (${counts.pages} HTML, ${counts.exports} other); distinct URLs by kind ${JSON.stringify(byKind)}`,
      );
    });

    walk('exports and downloads: a draft assessment or a hidden comment reaches only whom its page shows it to', async () => {
      // What is not public, by the row it is in: the open round's draft assessments (one per agency) and the hidden comment.
      const fills = (table: string) => h.filled.filter((c) => c.table === table);
      const drafts = await h.store.db
        .selectFrom('assessments')
        .innerJoin('rounds', 'rounds.id', 'assessments.round_id')
        .select(['assessments.id', 'assessments.commitment_id'])
        .where('rounds.published', '=', 0)
        .execute();
      const hidden = await h.store.db.selectFrom('consultation_comments').select('id').where('hidden', '=', 1).execute();
      assert.equal(drafts.length, 2, "two drafts: commitment 4 (own editor's agency) and commitment 1 (the other editor's)");
      assert.equal(hidden.length, 1);
      const draftOf = (cid: number) =>
        drafts.filter((d) => d.commitment_id === cid).flatMap((d) => fills('assessments').map((c) => `${c.marker} r${d.id}`));
      const secrets = {
        ownDraft: draftOf(h.ids.commitment),
        otherDraft: draftOf(h.otherCommitment),
        hiddenComment: fills('consultation_comments')
          .filter((c) => c.column === 'body' || c.column === 'author_name')
          .map((c) => `${c.marker} r${hidden[0]!.id}`),
      };
      // Who may read what, from the policy's pages: the draft page of each commitment (the own agency, the coordinator, the reviewer), the moderation page (the coordinator).
      const mayRead: Record<Visitor, (keyof typeof secrets)[]> = {
        anonymous: [],
        civilSociety: [],
        admin: [],
        ownEditor: ['ownDraft'],
        otherEditor: ['otherDraft'],
        coordinator: ['ownDraft', 'otherDraft', 'hiddenComment'],
        reviewer: ['ownDraft', 'otherDraft'],
      };
      const { plan, openRound, consultation } = h.ids;
      for (const who of VISITORS) {
        const headers = who === 'anonymous' ? {} : { cookie: h.people[who].cookie };
        const own = await h.app.inject({ url: `/espacio/evaluaciones/${openRound}/compromisos/${h.ids.commitment}`, headers });
        const other = await h.app.inject({ url: `/espacio/evaluaciones/${openRound}/compromisos/${h.otherCommitment}`, headers });
        assert.equal(own.statusCode === 200, mayRead[who].includes('ownDraft'), `${who}: the own draft's page`);
        assert.equal(other.statusCode === 200, mayRead[who].includes('otherDraft'), `${who}: the other draft's page`);
      }
      // The consultation on the open round shows its drafts to everyone while open (decision of issue 7): its pages and API are where they may be.
      const consultationPlace = new RegExp(
        `^(/en)?(/planes/${plan}/consultas/${consultation}(/|\\?|$)|/api/v1/consultations/${consultation}($|/synthesis))`,
      );
      const leaks: string[] = [];
      const found = new Set<string>();
      for (const { url, who, text } of answers) {
        for (const [kind, strings] of Object.entries(secrets) as [keyof typeof secrets, string[]][]) {
          const hit = strings.find((x) => text.includes(x));
          if (!hit) continue;
          found.add(`${kind} ${who}`);
          const allowed = mayRead[who].includes(kind) || (kind !== 'hiddenComment' && consultationPlace.test(url));
          if (!allowed) leaks.push(`${url} as ${who}: ${kind} (${hit})`);
        }
      }
      assert.deepEqual(leaks, []);
      // Not vacuous: each secret is found where it may be.
      for (const f of [
        'ownDraft coordinator',
        'otherDraft coordinator',
        'ownDraft ownEditor',
        'otherDraft otherEditor',
        'hiddenComment coordinator',
      ])
        assert.ok(found.has(f), `${f} found somewhere`);
    });
  });
});

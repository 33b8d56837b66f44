import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../src/domain/roles.js';
import { CSRF_COOKIE, issueCsrf } from '../../src/http/auth.js';
import { addHoliday, raiseAlert } from '../../src/services/alerts.js';
import { openConsultation } from '../../src/services/consultation.js';
import {
  addCandidate,
  addForumMeeting,
  addForumMember,
  addProposal,
  addWorkshop,
  setProposalCall,
} from '../../src/services/workspace/cocreation.js';
import * as E from '../../src/services/workspace/commitments.js';
import { addIndicator, recordMeasurement } from '../../src/services/workspace/indicators.js';
import { addRecommendation } from '../../src/services/workspace/reviews.js';
import { openRound } from '../../src/services/workspace/rounds.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import type { TestDb } from '../helpers/databases.js';
import { fillRouteParams } from '../helpers/route-params.js';
import { nowIso } from '../helpers/clock.js';

/**
 * The fuzz's world: the seeded plan, one person per role who may call each writing route (the subject
 * is commitment 4, led by the editor's agency, and its plan, as in the permission walk), and a concrete
 * URL for each route pattern, with a thing of its own to change (made before the request, so before
 * the "before" dump).
 */
export type Who = 'visitor' | 'leaver' | 'civilSociety' | 'editor' | 'coordinator' | 'reviewer' | 'admin';

export interface FuzzWorld {
  app: FastifyInstance;
  store: Store;
  people: Record<Who, Pick<SignedIn, 'cookie' | 'csrf'>>;
  ids: {
    plan: number;
    commitment: number;
    theme: number;
    agency: number;
    government: number;
    openRound: number;
    publishedRound: number;
    consultation: number;
  };
  /** The route pattern with each `:param` replaced by the id of something that exists and may be changed. */
  concreteUrl(url: string): Promise<string>;
}

export async function fuzzWorld(db: TestDb): Promise<FuzzWorld> {
  process.env.FILES_DIR ??= mkdtempSync(`${tmpdir()}/vigia-fuzz-`);
  const s = await seededApp(db);
  const { app, store } = s;
  const own = (await commitmentSubject(store.db, s.commitment(4)))!;
  const csrf = issueCsrf();
  const civilSociety = await signIn(app, store, { role: 'civil-society' });
  const coordinator = await signIn(app, store, { role: 'coordinator' });
  const people: FuzzWorld['people'] = {
    visitor: { cookie: `${CSRF_COOKIE}=${csrf.secret}`, csrf: csrf.token },
    civilSociety,
    leaver: await signIn(app, store, { role: 'civil-society' }),
    editor: await signIn(app, store, { role: 'agency-editor', agencyId: own.agency_id! }),
    coordinator,
    reviewer: await signIn(app, store, { role: 'reviewer' }),
    admin: await signIn(app, store, { role: 'admin' }),
  };
  const actor: Actor = coordinator.actor;
  const round = await openRound(store, actor, s.planId, { kind: 'periodic', cutoffDate: '2017-12-31' }, new Date().toISOString());
  assert.ok(round.ok);
  const consultation = await openConsultation(
    store,
    actor,
    s.planId,
    { title: 'Consulta', startsOn: '2000-01-01', endsOn: '2199-12-31' },
    new Date().toISOString(),
  );
  assert.ok(consultation.ok);
  // The call for proposals open, so the public form reads what it is sent.
  assert.ok((await setProposalCall(store, actor, s.planId, { callOpen: 'open' }, nowIso())).ok);
  const government = (await store.db.selectFrom('governments').select('id').executeTakeFirstOrThrow()).id;
  const ids = {
    plan: s.planId,
    commitment: s.commitment(4),
    theme: s.themeIds[0]!,
    agency: own.agency_id!,
    government,
    openRound: round.id!,
    publishedRound: s.roundIds.at(-1)!,
    consultation: consultation.id!,
  };

  let made = 0;
  const ok = (r: { ok: boolean; id?: number }, what: string) => (r.ok && r.id ? r.id : assert.fail(`could not make a ${what} to fuzz`));
  const fresh = {
    comment: async () => {
      const at = new Date().toISOString();
      const w = new AuditedWriter(store.db, { actor: 'test', at, context: 'fuzz' });
      return w.insert('consultation_comments', {
        consultation_id: ids.consultation,
        target: 'draft',
        commitment_id: null,
        section_id: null,
        author_id: null,
        author_user_id: civilSociety.actor.userId,
        author_name: '',
        body: 'Comentario',
        posted_at: at,
        edited_at: null,
        hidden_reason: null,
        hidden_by: null,
        hidden_at: null,
        answer: null,
        answer_reason: null,
        answer_changes: null,
        answered_by: null,
        answered_at: null,
      });
    },
    activity: async () => ok(await E.addActivity(store, actor, ids.commitment, { title: 'Actividad de prueba' }, nowIso()), 'activity'),
    // A co-lead and a contact of the commitment (issue 19), written as they are: the fuzz ends them.
    coLead: async () => {
      const w = new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString(), context: 'fuzz' });
      const agency = await w.insert('agencies', {
        government_id: ids.government,
        name: `Corresponsable ${++made}`,
        acronym: null,
        lang: 'es',
      });
      return w.insert('commitment_co_leads', {
        commitment_id: ids.commitment,
        agency_id: agency,
        valid_from: '2020-01-01',
        valid_to: null,
      });
    },
    contact: async () => {
      const w = new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString(), context: 'fuzz' });
      return w.insert('commitment_contacts', {
        commitment_id: ids.commitment,
        name: 'Ana',
        position: null,
        email: null,
        phone: null,
        valid_from: '2020-01-01',
        valid_to: null,
      });
    },
    evidence: async () => ok(await E.addLink(store, actor, ids.commitment, { url: 'https://example.org/acta.pdf' }, nowIso()), 'evidence'),
    source: async () => ok(await E.addSource(store, actor, ids.commitment, { text: 'Oficio N° 123-2016' }, nowIso()), 'source'),
    recommendation: async () =>
      ok(
        await addRecommendation(store, actor, ids.plan, { source: 'Informe de avance', recommendationText: 'Recomendación' }, nowIso()),
        'recommendation',
      ),
    indicator: async () =>
      ok(
        await addIndicator(
          store,
          actor,
          ids.commitment,
          {
            indicatorName: 'Indicador',
            unit: 'u',
            direction: 'up',
            baselineValue: '0',
            baselineDate: '2015-07-01',
            targetValue: '10',
            targetDate: '2016-06-30',
            frequency: 'yearly',
          },
          nowIso(),
        ),
        'indicator',
      ),
    measurement: async () =>
      ok(
        await recordMeasurement(
          store,
          actor,
          await fresh.indicator(),
          { measuredValue: '5', measuredOn: '2016-01-01' },
          { now: new Date().toISOString() },
        ),
        'measurement',
      ),
    alert: async () =>
      ok(
        await raiseAlert(
          store,
          {
            userId: 800_000 + ++made,
            email: 'fuzz@example.test',
            name: 'Sociedad civil',
            role: 'civil-society',
            agencyId: null,
            governmentId: null,
          },
          ids.commitment,
          { category: 'delay', alertText: 'Alerta' },
          '2016-05-02',
        ),
        'alert',
      ),
    holiday: async () =>
      ok(
        await addHoliday(
          store,
          actor,
          ids.plan,
          {
            holidayDate: new Date(Date.UTC(2040, 0, 1 + ++made)).toISOString().slice(0, 10),
            holidayName: 'Feriado',
          },
          nowIso(),
        ),
        'holiday',
      ),
    proposal: async () =>
      ok(
        await addProposal(
          store,
          actor,
          ids.plan,
          {
            proposalTitle: 'Propuesta',
            proposalText: 'Texto',
            proposer: 'Proética',
            proposerKind: 'organisation',
            channel: 'written',
            submittedOn: '2015-03-01',
          },
          nowIso(),
        ),
        'proposal',
      ),
    workshop: async () => ok(await addWorkshop(store, actor, ids.plan, { place: 'Piura', heldOn: '2015-03-10' }, nowIso()), 'workshop'),
    forumMember: async () =>
      ok(
        await addForumMember(
          store,
          actor,
          ids.plan,
          { memberName: 'Proética', memberSector: 'civil-society', memberFrom: '2011-04-01' },
          nowIso(),
        ),
        'forum member',
      ),
    forumMeeting: async () =>
      ok(await addForumMeeting(store, actor, ids.plan, { meetingDate: '2015-05-04', agenda: 'Avances' }, nowIso()), 'forum meeting'),
    candidate: async () =>
      ok(
        await addCandidate(store, actor, ids.plan, { candidateTitle: 'Candidato', proposalIds: [await fresh.proposal()] }, nowIso()),
        'candidate',
      ),
    account: async () => (await signIn(app, store, { role: 'civil-society' })).actor.userId,
  };

  const concreteUrl = (url: string) => fillRouteParams(url, ids, fresh);

  return { app, store, people, ids, concreteUrl };
}

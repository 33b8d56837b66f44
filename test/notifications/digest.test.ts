import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { occurrenceKey, type Warning } from '../../src/domain/warnings.js';
import { warningMessage } from '../../src/i18n/warnings.js';
import { planWarnings } from '../../src/services/monitoring/warnings.js';
import { runNotificationJob } from '../../src/services/notifications/job.js';
import type { Store } from '../../src/storage/connect.js';
import { setDigestEnabled } from '../../src/storage/digest.js';
import { listOutbox } from '../../src/storage/outbox.js';
import { eachDatabase } from '../helpers/databases.js';
import { startSmtpServer, type ReceivedMail, type SmtpServer } from '../helpers/smtp.js';
import { buildLateActivitiesPlan, type LateActivitiesPlan } from '../helpers/plans.js';

/**
 * The daily digest end to end: a plan whose activities fall behind (test/helpers/plans.ts), the
 * job on fixed dates, and what arrives at a real SMTP server process on loopback, person by person.
 * The warnings section is compared line for line with what the early-warning rules give for the person's
 * commitments on that date (so the test holds whatever rules planWarnings has), and the overdue-activity
 * lines are also spelled out.
 */
const SITE = 'https://vigia.example.test';
const STOP = /https:\/\/vigia\.example\.test(?:\/en)?\/avisos\/baja\?token=[A-Za-z0-9_-]{43}/;
/** The mail without its stop link's token (random). */
const body = (m: ReceivedMail) => m.text.replace(/token=[A-Za-z0-9_-]{43}/, 'token=…');

describe('the daily digest through a real SMTP server', () => {
  let smtp: SmtpServer;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(() => smtp.stop());

  eachDatabase((db) => {
    let store: Store;
    let plan: LateActivitiesPlan;
    const env = () => ({ ...smtp.env, PUBLIC_URL: SITE });
    const job = (date: string, extra: { dryRun?: boolean } = {}) =>
      runNotificationJob(store, { date, now: () => new Date(`${date}T07:00:00.000Z`), env: env(), ...extra });
    const mailTo = (who: keyof LateActivitiesPlan['people'], seen: number) =>
      smtp.received.slice(seen).filter((m) => m.to.includes(plan.people[who].email));
    const NAMES: Record<number, [number, string]> = {};
    /** The rules' warnings on a date for some commitments, minus those told, as the digest writes them. */
    async function warningSection(
      date: string,
      commitmentIds: number[],
      lang: 'es' | 'en',
      told: Set<string> = new Set(),
    ): Promise<{ lines: string[]; warnings: Warning[] }> {
      const warnings = (await planWarnings(store, plan.planId, date)).filter(
        (w) => commitmentIds.includes(w.commitmentId) && !told.has(occurrenceKey(w)),
      );
      const prefix = lang === 'en' ? `${SITE}/en` : SITE;
      const lines = warnings.flatMap((w) => {
        const [n, title] = NAMES[w.commitmentId]!;
        const name = lang === 'es' ? `Compromiso ${n} «${title}»` : `Commitment ${n} "${title}"`;
        const link =
          w.subject.kind === 'activity'
            ? `${prefix}/espacio/actividades/${w.subject.id}`
            : `${prefix}/espacio/compromisos/${w.commitmentId}`;
        return [`* ${name}: ${warningMessage(w, lang)}`, `  ${link}`];
      });
      const n = warnings.length;
      const title =
        lang === 'es' ? (n === 1 ? 'Una alerta nueva' : `${n} alertas nuevas`) : n === 1 ? 'One new warning' : `${n} new warnings`;
      return { lines: [title, '-'.repeat(title.length), ...lines], warnings };
    }

    before(async () => {
      store = await db.open();
      plan = await buildLateActivitiesPlan(store);
      NAMES[plan.commitments.c1] = [1, 'Datos abiertos de escuelas'];
      NAMES[plan.commitments.c2] = [2, 'Portal de compras'];
      NAMES[plan.commitments.c3] = [3, 'Historias clínicas'];
    });

    test('a dry run says who would get a digest and changes nothing', async () => {
      const seen = smtp.received.length;
      const r = await job('2026-03-02', { dryRun: true });
      assert.deepEqual(
        r.digests.digests.map((d) => d.recipient.name),
        ['Ana', 'Beto', 'Carla'],
      );
      assert.equal(r.drained, null);
      assert.equal((await listOutbox(store.db)).length, 0);
      assert.equal((await store.db.selectFrom('notification_runs').selectAll().execute()).length, 0);
      assert.equal((await store.db.selectFrom('digest_told').selectAll().execute()).length, 0);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(smtp.received.length, seen);
    });

    test('2026-03-02: the agency editor and the coordinator get exactly their warnings, deadlines and waiting items, each in their language', async () => {
      const seen = smtp.received.length;
      const r = await job('2026-03-02');
      assert.equal(r.digests.alreadyRan, false);
      assert.equal(r.drained?.sent, 3);
      const ana = await smtp.waitFor((m) => m.to.includes(plan.people.ana.email), { after: seen });
      const carla = await smtp.waitFor((m) => m.to.includes(plan.people.carla.email), { after: seen });
      const beto = await smtp.waitFor((m) => m.to.includes(plan.people.beto.email), { after: seen });
      const { c1, c2, c3 } = plan.commitments;
      const { c1a1, c1a2, c2a2, c3a1 } = plan.activities;
      // The activities falling behind, spelled out: they are among the warnings whatever other rules say.
      const anaWarnings = await warningSection('2026-03-02', [c1, c2], 'es');
      assert.ok(
        anaWarnings.lines.includes(
          '* Compromiso 1 «Datos abiertos de escuelas»: La actividad 1 («Inventario de datos») debía terminar el 15 de febrero de 2026 y no está concluida (15 días de retraso).',
        ),
      );
      assert.ok(anaWarnings.lines.includes(`  ${SITE}/espacio/actividades/${c1a1}`));
      assert.ok(
        anaWarnings.lines.includes(
          '* Compromiso 2 «Portal de compras»: La actividad 2 («Pruebas del portal») debía terminar el 25 de enero de 2026 y no está concluida (36 días de retraso).',
        ),
      );
      assert.ok(anaWarnings.lines.includes(`  ${SITE}/espacio/actividades/${c2a2}`));
      const carlaWarnings = await warningSection('2026-03-02', [c1, c2, c3], 'en');
      assert.ok(
        carlaWarnings.lines.includes(
          '* Commitment 3 "Historias clínicas": Activity 1 ("Piloto en dos hospitales") was due to end on February 27, 2026 and is not done (3 days late).',
        ),
      );
      assert.ok(carlaWarnings.lines.includes(`  ${SITE}/en/espacio/actividades/${c3a1}`));
      assert.ok(carlaWarnings.warnings.filter((w) => w.code === 'activity-overdue').length === 3);
      assert.equal(ana.subject, 'Vigía: su resumen del 2 de marzo de 2026');
      assert.equal(
        body(ana),
        [
          'Hola, Ana:',
          '',
          'Este es su resumen diario de Vigía del 2 de marzo de 2026, sobre los compromisos de los que usted es responsable.',
          '',
          ...anaWarnings.lines,
          '',
          'Plazos de los próximos 14 días',
          '------------------------------',
          '* 10 de marzo de 2026: termina el compromiso 2 «Portal de compras»',
          `  ${SITE}/espacio/compromisos/${c2}`,
          '* 12 de marzo de 2026: termina la actividad 2 «Publicar los datos» (Compromiso 1 «Datos abiertos de escuelas»)',
          `  ${SITE}/espacio/actividades/${c1a2}`,
          '',
          'Pendientes para usted',
          '---------------------',
          '* Compromiso 1 «Datos abiertos de escuelas»: La evaluación de la ronda «Reporte del primer trimestre (febrero de 2026)» le fue devuelta con observaciones: corríjala y envíela otra vez.',
          // The coordination's comment, what to correct (issue 20).
          '  Comentario de la coordinación: «Falta la evidencia.»',
          `  ${SITE}/espacio/evaluaciones/${plan.roundId}/compromisos/${c1}`,
          '* Compromiso 2 «Portal de compras»: La evaluación de la ronda «Reporte del primer trimestre (febrero de 2026)» aún no se ha empezado.',
          `  ${SITE}/espacio/evaluaciones/${plan.roundId}/compromisos/${c2}`,
          '',
          '-- ',
          'Recibe este correo porque tiene una cuenta en Vigía con compromisos a su cargo.',
          `Para dejar de recibir este resumen: ${SITE}/avisos/baja?token=…`,
          `Sus preferencias: ${SITE}/cuenta`,
          '',
        ].join('\n'),
      );
      const headers = ana.raw.slice(0, ana.raw.indexOf('\r\n\r\n')).replace(/\r?\n[ \t]+/g, ' ');
      assert.match(headers, /^List-Unsubscribe: <https:\/\/vigia\.example\.test\/avisos\/baja\?token=[A-Za-z0-9_-]{43}>$/m);
      assert.match(headers, /^Message-ID: <[0-9a-f]{24}@vigia\.example\.test>$/m, "a Message-ID on the site's host, chosen when queued");

      assert.equal(carla.subject, 'Vigía: your summary for March 2, 2026');
      assert.equal(
        body(carla),
        [
          'Hello Carla,',
          '',
          'This is your daily Vigía summary for March 2, 2026, about the commitments you are responsible for.',
          '',
          ...carlaWarnings.lines,
          '',
          'Deadlines in the next 14 days',
          '-----------------------------',
          '* March 10, 2026: commitment 2 "Portal de compras" ends',
          `  ${SITE}/en/espacio/compromisos/${c2}`,
          '* March 12, 2026: activity 2 "Publicar los datos" ends (Commitment 1 "Datos abiertos de escuelas")',
          `  ${SITE}/en/espacio/actividades/${c1a2}`,
          '',
          'Waiting for you',
          '---------------',
          '* Commitment 3 "Historias clínicas": The assessment of the round "Periodic assessment (February 2026)" was submitted and awaits your decision.',
          `  ${SITE}/en/espacio/evaluaciones/${plan.roundId}/compromisos/${c3}`,
          '',
          '-- ',
          'You receive this e-mail because you have a Vigía account with commitments in your charge.',
          `To stop receiving this summary: ${SITE}/en/avisos/baja?token=…`,
          `Your settings: ${SITE}/en/cuenta`,
          '',
        ].join('\n'),
      );
      // Beto's agency leads commitment 3 only; its assessment is submitted: nothing waits for him.
      const betoWarnings = await warningSection('2026-03-02', [c3], 'es');
      assert.ok(body(beto).includes(`\n\n${betoWarnings.lines.join('\n')}\n\n-- \n`), body(beto));
      assert.match(
        body(beto),
        /\* Compromiso 3 «Historias clínicas»: La actividad 1 \(«Piloto en dos hospitales»\) .* \(3 días de retraso\)\./,
      );
      assert.doesNotMatch(body(beto), /Pendientes|Plazos|Compromiso 1|Compromiso 2/);
      assert.match(beto.text, STOP);
      // Dora's agency leads nothing; Eva (civil society) is responsible for nothing: no digest.
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual([mailTo('dora', seen).length, mailTo('eva', seen).length], [0, 0]);
      assert.equal(smtp.received.length - seen, 3);
    });

    test('the job run again for the same date builds nothing and sends nothing', async () => {
      const seen = smtp.received.length;
      const rows = (await listOutbox(store.db)).length;
      const r = await job('2026-03-02');
      assert.equal(r.digests.alreadyRan, true);
      assert.deepEqual(r.drained, { sent: 0, retried: 0, failed: 0 });
      assert.equal((await listOutbox(store.db)).length, rows);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(smtp.received.length, seen);
      const run = await store.db.selectFrom('notification_runs').selectAll().where('run_date', '=', '2026-03-02').execute();
      assert.equal(run.length, 1);
      assert.equal(run[0]!.queued, 3);
    });

    test('a later date tells only the new warnings; a person who turned digests off gets none', async () => {
      await setDigestEnabled(store.db, plan.people.beto.userId, false, '2026-03-12T10:00:00.000Z');
      const seen = smtp.received.length;
      const r = await job('2026-03-13');
      assert.equal(r.drained?.sent, 2);
      const ana = await smtp.waitFor((m) => m.to.includes(plan.people.ana.email), { after: seen });
      const carla = await smtp.waitFor((m) => m.to.includes(plan.people.carla.email), { after: seen });
      // Activity 2 of commitment 1 ended yesterday: new; the warnings told on 2026-03-02 are not told again.
      const { c1, c2, c3 } = plan.commitments;
      const toldAna = new Set(
        (await planWarnings(store, plan.planId, '2026-03-02')).filter((w) => [c1, c2].includes(w.commitmentId)).map(occurrenceKey),
      );
      const anaNew = await warningSection('2026-03-13', [c1, c2], 'es', toldAna);
      assert.ok(body(ana).includes(`\n\n${anaNew.lines.join('\n')}\n\n`), body(ana));
      assert.match(
        body(ana),
        /\n\* Compromiso 1 «Datos abiertos de escuelas»: La actividad 2 \(«Publicar los datos»\) debía terminar el 12 de marzo de 2026 y no está concluida \(1 días? de retraso\)\.\n/,
      );
      assert.doesNotMatch(body(ana), /Inventario de datos|Pruebas del portal|Plazos/);
      assert.match(body(ana), /Pendientes para usted/);
      const toldCarla = new Set((await planWarnings(store, plan.planId, '2026-03-02')).map(occurrenceKey));
      const carlaNew = await warningSection('2026-03-13', [c1, c2, c3], 'en', toldCarla);
      assert.ok(body(carla).includes(`\n\n${carlaNew.lines.join('\n')}\n\n`), body(carla));
      assert.match(body(carla), /\n\* Commitment 1 .*Publicar los datos.* \(1 days? late\)\.\n/);
      assert.match(
        body(carla),
        /Deadlines in the next 14 days\n-+\n\* March 20, 2026: activity 2 "Informe del piloto" ends \(Commitment 3 "Historias clínicas"\)\n/,
      );
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(mailTo('beto', seen).length, 0, 'Beto turned digests off');
    });
  });
});

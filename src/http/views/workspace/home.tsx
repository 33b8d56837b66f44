import { reportMessages } from '../../../i18n/report.js';
import { consultationMessages } from '../../../i18n/consultation.js';
import { cocreationMessages } from '../../../i18n/cocreation.js';
import type { Actor } from '../../../domain/roles.js';
import { adminMessages } from '../../../i18n/admin.js';
import { roundName } from '../../../i18n/format.js';
import { monitoringMessages } from '../../../i18n/monitoring.js';
import { reviewMessages } from '../../../i18n/review.js';
import { webImportMessages } from '../../../i18n/web-import.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { WorkspaceHome } from '../../../services/workspace/home.js';
import { commitmentMessages } from '../../../i18n/commitments.js';
import { href } from '../format.js';
import { alertMessages } from '../../../i18n/alerts.js';
import { planMessages } from '../../../i18n/plans.js';
import { Layout, type PageContext } from '../layout.js';
import { WorkflowLists } from './workflow-lists.js';

export function WorkspaceHomePage({ ctx, actor, home }: { ctx: PageContext; actor: Actor; home: WorkspaceHome }) {
  const { lang } = ctx;
  const m = workspaceMessages[lang];
  // The monitoring boards: every plan a coordinator runs; for an agency, the plans of its commitments.
  const boards =
    actor.role === 'coordinator'
      ? home.plans
      : actor.role === 'agency-editor'
        ? [...new Map(home.commitments.map((c) => [c.plan.id, c.plan])).values()]
        : [];
  return (
    <Layout ctx={ctx} title={m.title}>
      <h1>{m.title}</h1>
      <p class="lead">{m.intro(actor.name)}</p>

      <WorkflowLists lang={lang} home={home} />

      {boards.length > 0 && (
        <section aria-labelledby="monitoring">
          <h2 id="monitoring">{monitoringMessages[lang].boardTitle}</h2>
          <ul class="actions">
            {boards.map((p) => (
              <li key={p.id}>
                <a href={href(lang, `/espacio/planes/${p.id}/seguimiento`)}>{p.title}</a> ·{' '}
                <a href={href(lang, `/espacio/planes/${p.id}/alertas`)} aria-label={`${alertMessages[lang].workspaceLink}: ${p.title}`}>
                  {alertMessages[lang].workspaceLink}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      {(actor.role === 'admin' || actor.role === 'coordinator') && (
        <section aria-labelledby="imports">
          <h2 id="imports">{webImportMessages[lang].homeTitle}</h2>
          <ul class="actions">
            <li>
              <a href={href(lang, '/espacio/importar')}>{webImportMessages[lang].importLink}</a>
            </li>
            <li>
              <a href={href(lang, '/espacio/entidades/fusionar')}>{webImportMessages[lang].mergeLink}</a>
            </li>
          </ul>
        </section>
      )}

      {actor.role === 'admin' && (
        <section aria-labelledby="admin">
          <h2 id="admin">{adminMessages[lang].sectionTitle}</h2>
          <p>{adminMessages[lang].sectionIntro}</p>
          <ul class="actions">
            <li>
              <a href={href(lang, '/espacio/admin/cuentas')}>{adminMessages[lang].accounts.title}</a>
            </li>
            <li>
              <a href={href(lang, '/espacio/admin/entidades')}>{adminMessages[lang].agencies.title}</a>
            </li>
            <li>
              <a href={href(lang, '/espacio/admin/gobiernos')}>{planMessages[lang].governments.title}</a>
            </li>
          </ul>
        </section>
      )}

      {actor.role === 'coordinator' && (
        <section aria-labelledby="plans">
          <h2 id="plans">{planMessages[lang].plan.listTitle}</h2>
          {home.plans.length === 0 ? (
            <p>{planMessages[lang].plan.none}</p>
          ) : (
            <ul>
              {home.plans.map((p) => (
                <li key={p.id}>
                  <a href={href(lang, `/espacio/planes/${p.id}`)}>{p.title}</a>
                </li>
              ))}
            </ul>
          )}
          <p>
            <a href={href(lang, '/espacio/planes/nuevo')}>{planMessages[lang].plan.newLink}</a>
          </p>
        </section>
      )}

      <section aria-labelledby="rounds">
        <h2 id="rounds">{m.openRounds}</h2>
        {home.rounds.length === 0 ? (
          <p>{m.noOpenRounds}</p>
        ) : (
          <ul>
            {home.rounds.map((r) => (
              <li key={r.id}>
                <a href={href(lang, `/espacio/evaluaciones/${r.id}`)}>
                  {roundName({ kind: r.kind as 'midterm', title: r.title, lang: r.lang, cutoffDate: r.cutoffDate }, lang)}
                </a>{' '}
                — {r.plan.title}
              </li>
            ))}
          </ul>
        )}
        {home.plans.length > 0 && (
          <ul class="actions">
            {home.plans.map((p) => (
              <li key={p.id}>
                <a href={href(lang, `/espacio/planes/${p.id}/evaluaciones/nueva`)}>
                  {m.openRound}: {p.title}
                </a>
                {' · '}
                <a href={href(lang, `/espacio/planes/${p.id}/recomendaciones`)}>
                  {reviewMessages[lang].manageRecommendations}: {p.title}
                </a>
              </li>
            ))}
            {/* Co-creation and the forum (issue 7). */}
            {home.plans.map((p) => (
              <li key={`cocreation-${p.id}`}>
                <a href={href(lang, `/espacio/planes/${p.id}/cocreacion`)}>
                  {cocreationMessages[lang].ws.cocreationLink}: {p.title}
                </a>
                {' · '}
                <a href={href(lang, `/espacio/planes/${p.id}/foro`)}>
                  {cocreationMessages[lang].ws.forumLink}: {p.title}
                </a>
                {' · '}
                <a href={href(lang, `/espacio/planes/${p.id}/consultas`)}>
                  {consultationMessages[lang].workspace.heading}: {p.title}
                </a>
                {' · '}
                <a href={href(lang, `/espacio/planes/${p.id}/compromisos/nuevo`)}>
                  {commitmentMessages[lang].newCommitment}: {p.title}
                </a>
              </li>
            ))}
            {home.plans.map((p) => (
              <li key={`report-${p.id}`}>
                <a href={href(lang, `/espacio/planes/${p.id}/informe`)}>
                  {reportMessages(lang).documentTitle}: {p.title}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      {home.reviewPlans.length > 0 && (
        <section aria-labelledby="review">
          <h2 id="review">{reviewMessages[lang].reviewLink}</h2>
          <ul>
            {home.reviewPlans.map((p) => (
              <li key={p.id}>
                <a href={href(lang, `/espacio/planes/${p.id}/revision`)}>{p.title}</a>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="mine">
        <h2 id="mine">{m.myCommitments}</h2>
        {home.commitments.length === 0 ? (
          <p>{m.noCommitments}</p>
        ) : (
          <div class="table-scroll">
            <table class="data">
              <caption>{m.myCommitments}</caption>
              <thead>
                <tr>
                  <th scope="col">N°</th>
                  <th scope="col">{workspaceMessages[lang].labels.title}</th>
                  <th scope="col">{workspaceMessages[lang].labels.agencyId}</th>
                </tr>
              </thead>
              <tbody>
                {home.commitments.map((c) => (
                  <tr key={c.id}>
                    <td>{c.number}</td>
                    <th scope="row">
                      <a href={href(lang, `/espacio/compromisos/${c.id}`)}>{c.title}</a>
                      <span class="muted"> — {c.plan.title}</span>
                    </th>
                    <td>{[c.agency, ...c.coLeads].filter((a) => a !== null).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}

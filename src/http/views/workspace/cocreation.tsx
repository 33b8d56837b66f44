import { FORUM_SECTORS, PROPOSAL_CHANNELS, SMART_CRITERIA } from '../../../domain/cocreation.js';
import type { FieldError, Values } from '../../../domain/input.js';
import { cocreationMessages } from '../../../i18n/cocreation.js';
import { formatDate } from '../../../i18n/format.js';
import type { Lang } from '../../../i18n/lang.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { CandidateView, ProposalView } from '../../../services/cocreation.js';
import type { CocreationWorkspace } from '../../../services/workspace/cocreation.js';
import { FunnelSection } from '../cocreation.js';
import { href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { RecordLinks } from './cocreation-records.js';
import { ActionButton, Checkboxes, Csrf, ErrorSummary, Select, TextArea, TextInput, type FormState } from './form.js';

/**
 * The coordinator's co-creation page (/espacio/planes/:id/cocreacion): the call, the funnel, workshops,
 * proposals, grouping, the ranked candidates, prioritisation and approval — each a form posting to its
 * own address; a refused form comes back with its errors and what was typed (400). The forum has its
 * own page (/espacio/planes/:id/foro).
 */
export type CocreationForm = 'workshop' | 'proposal' | 'candidate' | 'prioritise' | 'approve' | 'member' | 'meeting' | 'score';
export interface Failed {
  form: CocreationForm;
  errors: FieldError[];
  values: Values;
}

function state(lang: Lang, csrf: string, failed: Failed | null, form: CocreationForm, initial: Values = {}): FormState {
  const mine = failed?.form === form;
  return { lang, csrf, values: mine ? failed!.values : initial, errors: mine ? failed!.errors : [], prefix: form };
}

function Crumb({ lang, plan }: { lang: Lang; plan: { id: number; title: string } }) {
  return (
    <p class="breadcrumb">
      <a href={href(lang, '/espacio')}>{workspaceMessages[lang].title}</a> › <a href={href(lang, `/planes/${plan.id}`)}>{plan.title}</a>
    </p>
  );
}

const candidateLabel = (c: CandidateView) => `${c.rank !== null ? `${c.rank}. ` : ''}${c.title}${c.total !== null ? ` (${c.total})` : ''}`;
const proposalLabel = (p: ProposalView) => `#${p.id} ${p.title} — ${p.proposer}`;

export function CocreationWorkspacePage({
  ctx,
  csrf,
  data,
  failed,
  flash,
}: {
  ctx: PageContext;
  csrf: string;
  data: CocreationWorkspace;
  failed: Failed | null;
  flash: string | null;
}) {
  const { lang } = ctx;
  const m = cocreationMessages[lang];
  const ws = m.ws;
  const base = `/espacio/planes/${data.plan.id}`;
  const ungrouped = data.proposals.filter((p) => p.candidateId === null && p.status === 'received');
  const open = data.candidates.filter((c) => c.commitment === null);
  const approvedCandidates = new Set(data.candidates.filter((c) => c.commitment !== null).map((c) => c.id));
  return (
    <Layout ctx={ctx} title={ws.title(data.plan.title)}>
      <Crumb lang={lang} plan={data.plan} />
      <h1>{ws.title(data.plan.title)}</h1>
      {/* Prioritising and approving are shown only with candidates to choose: errors of a form not on the page are summed up here, not lost. */}
      {failed && open.length === 0 && (failed.form === 'prioritise' || failed.form === 'approve') && (
        <ErrorSummary form={state(lang, csrf, failed, failed.form)} />
      )}
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      <p>
        <a href={href(lang, `${base}/foro`)}>{ws.forumLink}</a>
      </p>
      <section aria-labelledby="call">
        <h2 id="call">{ws.call}</h2>
        <p>{data.callOpen ? ws.callIsOpen : ws.callIsClosed}</p>
        <ActionButton
          action={href(lang, `${base}/convocatoria`)}
          csrf={csrf}
          name="callOpen"
          value={data.callOpen ? 'closed' : 'open'}
          label={data.callOpen ? ws.closeCall : ws.openCall}
          secondary={false}
        />
      </section>

      <FunnelSection lang={lang} planId={data.plan.id} data={data} />

      <section aria-labelledby="add-workshop">
        <h2 id="add-workshop">{ws.addWorkshop}</h2>
        {data.workshops.length > 0 && (
          <ul>
            {data.workshops.map((w) => (
              <li key={w.id}>
                {w.place}, {formatDate(w.heldOn, lang)}{' '}
                <RecordLinks lang={lang} kind="workshop" id={w.id} name={w.place} deletable={w.proposals === 0} />
              </li>
            ))}
          </ul>
        )}
        <FormOf lang={lang} csrf={csrf} failed={failed} form="workshop" action={`${base}/talleres`}>
          {(f) => (
            <>
              <TextInput form={f} name="place" />
              <TextInput form={f} name="heldOn" type="date" />
              <TextInput form={f} name="sectors" />
              <TextInput form={f} name="participants" />
            </>
          )}
        </FormOf>
      </section>

      <section aria-labelledby="proposals">
        <h2 id="proposals">{ws.proposals}</h2>
        {data.proposals.length === 0 ? (
          <p class="muted">{ws.noProposals}</p>
        ) : (
          <ul>
            {data.proposals.map((p) => (
              <li key={p.id}>
                <a href={href(lang, `/propuestas/${p.id}`)}>{proposalLabel(p)}</a>{' '}
                <span class="muted">
                  ({m.channels[p.channel] ?? p.channel}, {formatDate(p.submittedOn, lang)}
                  {p.status === 'inadmissible' ? `, ${ws.inadmissible}` : ''})
                </span>{' '}
                <RecordLinks lang={lang} kind="proposal" id={p.id} name={p.title} deletable={p.candidateId === null} />{' '}
                {!approvedCandidates.has(p.candidateId ?? 0) && (
                  <ActionButton
                    action={href(lang, `/espacio/propuestas/${p.id}/estado`)}
                    csrf={csrf}
                    name="proposalStatus"
                    value={p.status === 'inadmissible' ? 'received' : 'inadmissible'}
                    label={p.status === 'inadmissible' ? ws.setReceived : ws.setInadmissible}
                    describe={p.title}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
        <h3>{ws.addProposal}</h3>
        <FormOf lang={lang} csrf={csrf} failed={failed} form="proposal" action={`${base}/propuestas`}>
          {(f) => (
            <>
              <TextInput form={f} name="proposalTitle" />
              <TextArea form={f} name="proposalText" rows={4} />
              <TextInput form={f} name="proposer" />
              <Select form={f} name="proposerKind" options={Object.entries(m.proposerKinds).map(([value, label]) => ({ value, label }))} />
              <TextInput form={f} name="sector" />
              <Select form={f} name="channel" options={PROPOSAL_CHANNELS.map((c) => ({ value: c, label: m.channels[c]! }))} />
              <TextInput form={f} name="submittedOn" type="date" />
              <Select
                form={f}
                name="workshopId"
                options={data.workshops.map((w) => ({ value: String(w.id), label: `${w.place}, ${formatDate(w.heldOn, lang)}` }))}
                blank={ws.none}
              />
            </>
          )}
        </FormOf>
      </section>

      <section aria-labelledby="group">
        <h2 id="group">{ws.group}</h2>
        <FormOf lang={lang} csrf={csrf} failed={failed} form="candidate" action={`${base}/candidatos`} submit={ws.groupSubmit}>
          {(f) => (
            <>
              <TextInput form={f} name="candidateTitle" />
              <TextArea form={f} name="candidateDescription" rows={3} />
              <Checkboxes
                form={f}
                name="proposalIds"
                legend={m.labels.proposalIds!}
                options={ungrouped.map((p) => ({ value: String(p.id), label: proposalLabel(p) }))}
              />
            </>
          )}
        </FormOf>
      </section>

      <section aria-labelledby="candidates">
        <h2 id="candidates">{ws.candidates}</h2>
        {data.candidates.length === 0 ? (
          <p class="muted">{ws.noCandidates}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{ws.rank}</th>
                <th scope="col">{m.labels.candidateTitle}</th>
                {SMART_CRITERIA.map((k) => (
                  <th scope="col" key={k}>
                    {m.labels[k]}
                  </th>
                ))}
                <th scope="col">{ws.total}</th>
                <th scope="col">{ws.proposals}</th>
              </tr>
            </thead>
            <tbody>
              {data.candidates.map((c) => (
                <tr key={c.id}>
                  <td>{c.rank ?? ws.none}</td>
                  <td>
                    {c.commitment === null ? <a href={href(lang, `/espacio/candidatos/${c.id}`)}>{c.title}</a> : c.title}
                    {c.commitment ? (
                      <span class="muted"> — {ws.approvedAs(c.commitment.number)}</span>
                    ) : c.prioritised ? (
                      <span class="muted"> — {ws.prioritised}</span>
                    ) : null}
                    {c.commitment === null && (
                      <>
                        {' '}
                        <RecordLinks lang={lang} kind="candidate" id={c.id} name={c.title} deletable />
                      </>
                    )}
                  </td>
                  {SMART_CRITERIA.map((k) => (
                    <td key={k}>{c.scores[k] ?? ws.none}</td>
                  ))}
                  <td>{c.total ?? ws.none}</td>
                  <td>{ws.grouped(c.proposalIds.length)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {open.length > 0 && (
        <section aria-labelledby="prioritise">
          <h2 id="prioritise">{ws.prioritise}</h2>
          <FormOf
            lang={lang}
            csrf={csrf}
            failed={failed}
            form="prioritise"
            action={`${base}/priorizacion`}
            submit={ws.prioritiseSubmit}
            initial={{ candidateIds: open.filter((c) => c.prioritised).map((c) => c.id) }}
          >
            {(f) => (
              <Checkboxes
                form={f}
                name="candidateIds"
                legend={m.labels.candidateIds!}
                options={open.map((c) => ({ value: String(c.id), label: candidateLabel(c) }))}
              />
            )}
          </FormOf>
          <h2 id="approve">{ws.approve}</h2>
          <p>{ws.approveHint}</p>
          <FormOf
            lang={lang}
            csrf={csrf}
            failed={failed}
            form="approve"
            action={`${base}/aprobacion`}
            submit={ws.approveSubmit}
            initial={{ candidateIds: open.filter((c) => c.prioritised).map((c) => c.id) }}
          >
            {(f) => (
              <>
                <Checkboxes
                  form={f}
                  name="candidateIds"
                  legend={m.labels.candidateIds!}
                  options={open.map((c) => ({ value: String(c.id), label: candidateLabel(c) }))}
                />
                {/* A new plan has no theme yet: the first one is named here (issue 19). */}
                {data.themes.length === 0 ? (
                  <TextInput form={f} name="approvalThemeTitle" />
                ) : (
                  <Select form={f} name="approvalThemeId" options={data.themes.map((t) => ({ value: String(t.id), label: t.title }))} />
                )}
              </>
            )}
          </FormOf>
        </section>
      )}
    </Layout>
  );
}

function FormOf({
  lang,
  csrf,
  failed,
  form,
  action,
  submit,
  initial,
  children,
}: {
  lang: Lang;
  csrf: string;
  failed: Failed | null;
  form: CocreationForm;
  action: string;
  submit?: string;
  initial?: Values;
  children: (f: FormState) => preact.ComponentChildren;
}) {
  const f = state(lang, csrf, failed, form, initial);
  return (
    <form method="post" action={href(lang, action)} novalidate>
      <Csrf token={csrf} />
      <ErrorSummary form={f} />
      {children(f)}
      <button type="submit">{submit ?? cocreationMessages[lang].ws.save}</button>
    </form>
  );
}

export function CandidateScorePage({
  ctx,
  csrf,
  plan,
  candidate,
  proposals,
  failed,
}: {
  ctx: PageContext;
  csrf: string;
  plan: { id: number; title: string };
  candidate: CandidateView;
  proposals: ProposalView[];
  failed: Failed | null;
}) {
  const { lang } = ctx;
  const ws = cocreationMessages[lang].ws;
  const initial = Object.fromEntries(SMART_CRITERIA.map((k) => [k, candidate.scores[k]]));
  const options = [0, 1, 2, 3].map((n) => ({ value: String(n), label: String(n) }));
  return (
    <Layout ctx={ctx} title={ws.scoreTitle(candidate.title)}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{workspaceMessages[lang].title}</a> ›{' '}
        <a href={href(lang, `/espacio/planes/${plan.id}/cocreacion`)}>{ws.title(plan.title)}</a>
      </p>
      <h1>{ws.scoreTitle(candidate.title)}</h1>
      {candidate.description && <p class="pre-line">{candidate.description}</p>}
      <ul>
        {proposals.map((p) => (
          <li key={p.id}>
            <a href={href(lang, `/propuestas/${p.id}`)}>{proposalLabel(p)}</a>
          </li>
        ))}
      </ul>
      <p class="hint">{ws.scaleHint}</p>
      <FormOf lang={lang} csrf={csrf} failed={failed} form="score" action={`/espacio/candidatos/${candidate.id}`} initial={initial}>
        {(f) => (
          <>
            {SMART_CRITERIA.map((k) => (
              <Select key={k} form={f} name={k} options={options} blank={ws.none} />
            ))}
          </>
        )}
      </FormOf>
    </Layout>
  );
}

export function ForumWorkspacePage({
  ctx,
  csrf,
  data,
  failed,
  flash,
}: {
  ctx: PageContext;
  csrf: string;
  data: CocreationWorkspace;
  failed: Failed | null;
  flash: string | null;
}) {
  const { lang } = ctx;
  const m = cocreationMessages[lang];
  const ws = m.ws;
  const base = `/espacio/planes/${data.plan.id}`;
  return (
    <Layout ctx={ctx} title={ws.forumTitle(data.plan.title)}>
      <Crumb lang={lang} plan={data.plan} />
      <h1>{ws.forumTitle(data.plan.title)}</h1>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      <p>
        <a href={href(lang, `${base}/cocreacion`)}>{ws.cocreationLink}</a>
      </p>
      <h2>{m.pages.forumMembers}</h2>
      <ul>
        {data.forum.members.map((x) => (
          <li key={x.id}>
            {x.name} ({m.sectors[x.sector]}) — {m.pages.memberSince(formatDate(x.from, lang), x.until ? formatDate(x.until, lang) : null)}{' '}
            <RecordLinks lang={lang} kind="member" id={x.id} name={x.name} deletable />
          </li>
        ))}
      </ul>
      <h3>{ws.addMember}</h3>
      <FormOf lang={lang} csrf={csrf} failed={failed} form="member" action={`${base}/foro/miembros`}>
        {(f) => (
          <>
            <TextInput form={f} name="memberName" />
            <Select form={f} name="memberSector" options={FORUM_SECTORS.map((s) => ({ value: s, label: m.sectors[s]! }))} />
            <TextInput form={f} name="memberFrom" type="date" />
            <TextInput form={f} name="memberUntil" type="date" />
          </>
        )}
      </FormOf>
      <h2>{m.pages.forumMeetings}</h2>
      <ul>
        {data.forum.meetings.map((x) => (
          <li key={x.id}>
            {formatDate(x.heldOn, lang)}: {x.agenda}{' '}
            <RecordLinks lang={lang} kind="meeting" id={x.id} name={formatDate(x.heldOn, lang)} deletable />
          </li>
        ))}
      </ul>
      <h3>{ws.addMeeting}</h3>
      <FormOf lang={lang} csrf={csrf} failed={failed} form="meeting" action={`${base}/foro/sesiones`}>
        {(f) => (
          <>
            <TextInput form={f} name="meetingDate" type="date" />
            <TextArea form={f} name="agenda" rows={3} />
            <TextInput form={f} name="minutesUrl" type="url" />
            <TextArea form={f} name="agreements" rows={3} />
          </>
        )}
      </FormOf>
    </Layout>
  );
}

import type { FieldError, Values } from '../../domain/input.js';
import { cocreationMessages } from '../../i18n/cocreation.js';
import { formatDate } from '../../i18n/format.js';
import type { Lang } from '../../i18n/lang.js';
import type { ForumView, PlanCocreation, ProposalPage, ProposalView } from '../../services/cocreation.js';
import { href } from './format.js';
import { Layout, type PageContext } from './layout.js';
import { Csrf, ErrorSummary, Select, TextArea, TextInput } from './workspace/form.js';

/**
 * Co-creation and the forum on public pages: the plan's funnel, workshops and forum; the proposals
 * behind a commitment; a proposal's own page (what became of it); the public proposal form. Everything
 * a visitor wrote is text (preact escapes it); nothing is rendered as HTML.
 */

/** The funnel as a list of steps with their counts (a list reads in order with a screen reader). */
export function FunnelSection({ lang, planId, data }: { lang: Lang; planId: number; data: PlanCocreation }) {
  const m = cocreationMessages[lang].pages;
  const f = data.funnel;
  const steps = [
    [m.funnelProposals, f.proposals],
    [m.funnelCandidates, f.candidates],
    [m.funnelPrioritised, f.prioritised],
    [m.funnelApproved, f.approved],
  ] as const;
  return (
    <section aria-labelledby="cocreation" class="cocreation">
      <h2 id="cocreation">{m.cocreationHeading}</h2>
      {data.callOpen && (
        <p class="notice">
          {m.callOpenNotice} <a href={href(lang, `/planes/${planId}/propuestas/nueva`)}>{m.submitLink}</a>
        </p>
      )}
      {f.proposals === 0 && f.candidates === 0 ? (
        <p class="muted">{m.funnelNone}</p>
      ) : (
        <>
          <h3>{m.funnelCaption}</h3>
          <ol class="funnel">
            {steps.map(([label, n]) => (
              <li key={label}>
                <span class="funnel-count">{n}</span> <span class="funnel-label">{label}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      {data.workshops.length > 0 && (
        <>
          <h3>{m.workshopsHeading}</h3>
          <ul>
            {data.workshops.map((w) => (
              <li key={w.id}>
                <strong>{w.place}</strong>, {formatDate(w.heldOn, lang)}
                {w.participants !== null && <> — {m.participantsN(w.participants)}</>}
                {w.sectors && <> ({w.sectors})</>} — {m.workshopProposals(w.proposals)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function ForumSection({ lang, forum }: { lang: Lang; forum: ForumView }) {
  const m = cocreationMessages[lang];
  const p = m.pages;
  if (forum.members.length === 0 && forum.meetings.length === 0) return null;
  return (
    <section aria-labelledby="forum">
      <h2 id="forum">{p.forumHeading}</h2>
      {forum.members.length > 0 && (
        <>
          <h3>{p.forumMembers}</h3>
          <ul>
            {forum.members.map((x) => (
              <li key={x.id}>
                {x.name} ({m.sectors[x.sector] ?? x.sector}) —{' '}
                {p.memberSince(formatDate(x.from, lang), x.until ? formatDate(x.until, lang) : null)}
              </li>
            ))}
          </ul>
        </>
      )}
      {forum.meetings.length > 0 && (
        <>
          <h3>{p.forumMeetings}</h3>
          <ul>
            {forum.meetings.map((x) => (
              <li key={x.id}>
                <strong>{formatDate(x.heldOn, lang)}</strong>: {x.agenda}
                {x.agreements && <p class="pre-line">{x.agreements}</p>}
                {/* Only http(s) addresses are stored (domain/cocreation.ts isWebAddress). */}
                {x.minutesUrl && (
                  <p>
                    <a href={x.minutesUrl} rel="nofollow noopener">
                      {p.minutes}
                    </a>
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function CommitmentProposals({ lang, proposals }: { lang: Lang; proposals: ProposalView[] }) {
  if (proposals.length === 0) return null;
  const m = cocreationMessages[lang].pages;
  return (
    <section aria-labelledby="proposals-behind">
      <h2 id="proposals-behind">{m.proposalsBehind}</h2>
      <ul>
        {proposals.map((p) => (
          <li key={p.id}>
            <a href={href(lang, `/propuestas/${p.id}`)}>{p.title}</a> <span class="muted">— {p.proposer}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ProposalPageView({ ctx, data }: { ctx: PageContext; data: ProposalPage }) {
  const { lang } = ctx;
  const m = cocreationMessages[lang];
  const p = data.proposal;
  return (
    <Layout ctx={ctx} title={p.title}>
      <p class="breadcrumb">
        <a href={href(lang, `/planes/${data.plan.id}`)}>{data.plan.title}</a> › {m.pages.proposalHeading}
      </p>
      <h1>{p.title}</h1>
      <dl class="facts">
        <div>
          <dt>{m.pages.proposedBy}</dt>
          <dd>
            {p.proposer} ({m.proposerKinds[p.proposerKind] ?? p.proposerKind}
            {p.sector ? `, ${p.sector}` : ''})
          </dd>
        </div>
        <div>
          <dt>{m.labels.channel}</dt>
          <dd>
            {m.pages.channelOn(m.channels[p.channel] ?? p.channel, formatDate(p.submittedOn, lang))}
            {p.workshop && ` — ${p.workshop.place}`}
          </dd>
        </div>
      </dl>
      {data.fate.kind === 'inadmissible' ? <p>{m.pages.notAdmittedText}</p> : <p class="pre-line">{p.text}</p>}
      <h2>{m.pages.fateHeading}</h2>
      <p>
        {m.pages.fate[data.fate.kind]}
        {data.commitment && (
          <>
            {' '}
            <a href={href(lang, `/compromisos/${data.commitment.id}`)}>
              {data.commitment.number}. {data.commitment.title}
            </a>
          </>
        )}
      </p>
      {data.candidate && (
        <p>
          {m.pages.candidate}: {data.candidate.title}
        </p>
      )}
    </Layout>
  );
}

export function ProposalFormPage({
  ctx,
  csrf,
  plan,
  open,
  values,
  errors,
  refused,
}: {
  ctx: PageContext;
  csrf: string;
  plan: { id: number; title: string };
  open: boolean;
  values: Values;
  errors: FieldError[];
  refused?: string | null;
}) {
  const { lang } = ctx;
  const m = cocreationMessages[lang];
  const form = { lang, csrf, values, errors, prefix: 'p' };
  return (
    <Layout ctx={ctx} title={m.pages.formTitle}>
      <p class="breadcrumb">
        <a href={href(lang, `/planes/${plan.id}`)}>{plan.title}</a> › {m.pages.formTitle}
      </p>
      <h1>{m.pages.formTitle}</h1>
      {refused && (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <p>{refused}</p>
        </div>
      )}
      {!open ? (
        <p>{m.pages.formClosed}</p>
      ) : (
        <form method="post" action={href(lang, `/planes/${plan.id}/propuestas`)} novalidate>
          <Csrf token={csrf} />
          <ErrorSummary form={form} />
          <p>{m.pages.formIntro}</p>
          <TextInput form={form} name="proposalTitle" />
          <TextArea form={form} name="proposalText" rows={8} />
          <TextInput form={form} name="proposer" />
          <Select form={form} name="proposerKind" options={Object.entries(m.proposerKinds).map(([value, label]) => ({ value, label }))} />
          <TextInput form={form} name="sector" />
          {/* The honeypot: hidden from people (and from assistive technology); a robot fills it in. */}
          <div hidden>
            <label for="p-website">{m.labels.website}</label>
            <input id="p-website" name="website" type="text" value="" tabIndex={-1} autocomplete="off" />
          </div>
          <button type="submit">{m.pages.submit}</button>
        </form>
      )}
    </Layout>
  );
}

/** `id` null: the honeypot was filled in — the same thanks, with no page to link to (nothing was kept). */
export function ProposalThanksPage({ ctx, id }: { ctx: PageContext; id: number | null }) {
  const { lang } = ctx;
  const m = cocreationMessages[lang].pages;
  return (
    <Layout ctx={ctx} title={m.thanksTitle}>
      <h1>{m.thanksTitle}</h1>
      <p role="status">{m.thanks}</p>
      {id !== null && (
        <p>
          <a href={href(lang, `/propuestas/${id}`)}>{m.seeProposal}</a>
        </p>
      )}
    </Layout>
  );
}

export interface Participation {
  cocreation: PlanCocreation;
  forum: ForumView;
}

/** The plan page's co-creation and forum sections; nothing when the plan has neither. */
export function ParticipationSections({ lang, planId, participation }: { lang: Lang; planId: number; participation: Participation }) {
  const c = participation.cocreation;
  const any = c.callOpen || c.proposals.length > 0 || c.candidates.length > 0 || c.workshops.length > 0;
  return (
    <>
      {any && <FunnelSection lang={lang} planId={planId} data={c} />}
      <ForumSection lang={lang} forum={participation.forum} />
    </>
  );
}

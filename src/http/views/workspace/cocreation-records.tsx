import { FORUM_SECTORS, PROPOSAL_CHANNELS } from '../../../domain/cocreation.js';
import type { FieldError, Values } from '../../../domain/input.js';
import { cocreationMessages, inUseText } from '../../../i18n/cocreation.js';
import { formatDate } from '../../../i18n/format.js';
import type { Lang } from '../../../i18n/lang.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { RecordForEdit, RecordKind } from '../../../services/workspace/cocreation-records.js';
import { href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { Checkboxes, ConflictSummary, Csrf, ErrorSummary, Select, TextArea, TextInput, type FormState } from './form.js';

/**
 * Correcting and deleting co-creation's and the forum's records: an edit page per record (the form with
 * its version; errors as typed, 400; someone saved first, 409 with what they saved) and a confirmation
 * page before a delete (a GET showing what will go, a POST button; no script needed), which says instead
 * why the record cannot go when something depends on it.
 */

/** Where a record's pages live, under /espacio (…/editar, …/eliminar). */
export const RECORD_PATH: Record<RecordKind, string> = {
  workshop: '/espacio/talleres',
  proposal: '/espacio/propuestas',
  candidate: '/espacio/candidatos',
  member: '/espacio/foro/miembros',
  meeting: '/espacio/foro/sesiones',
};

/** The workspace page a record is listed on. */
export const recordHome = (kind: RecordKind, planId: number) =>
  `/espacio/planes/${planId}/${kind === 'member' || kind === 'meeting' ? 'foro' : 'cocreacion'}`;

type Conflict = { theirs: Values; mine: Values; version: number };

function displayName(lang: Lang, r: Pick<RecordForEdit, 'kind' | 'name'>) {
  return r.kind === 'meeting' ? formatDate(r.name, lang) : r.name;
}

function Crumb({ lang, r }: { lang: Lang; r: RecordForEdit }) {
  const ws = cocreationMessages[lang].ws;
  const home = r.kind === 'member' || r.kind === 'meeting' ? ws.forumTitle(r.plan.title) : ws.title(r.plan.title);
  return (
    <p class="breadcrumb">
      <a href={href(lang, '/espacio')}>{workspaceMessages[lang].title}</a> › <a href={href(lang, recordHome(r.kind, r.plan.id))}>{home}</a>
    </p>
  );
}

function Fields({ f, r }: { f: FormState; r: RecordForEdit }) {
  const m = cocreationMessages[f.lang];
  switch (r.kind) {
    case 'workshop':
      return (
        <>
          <TextInput form={f} name="place" />
          <TextInput form={f} name="heldOn" type="date" />
          <TextInput form={f} name="sectors" />
          <TextInput form={f} name="participants" />
        </>
      );
    case 'proposal':
      return (
        <>
          <TextInput form={f} name="proposalTitle" />
          <TextArea form={f} name="proposalText" rows={5} />
          <TextInput form={f} name="proposer" />
          <Select form={f} name="proposerKind" options={Object.entries(m.proposerKinds).map(([value, label]) => ({ value, label }))} />
          <TextInput form={f} name="sector" />
          <Select form={f} name="channel" options={PROPOSAL_CHANNELS.map((c) => ({ value: c, label: m.channels[c]! }))} />
          <TextInput form={f} name="submittedOn" type="date" />
          <Select
            form={f}
            name="workshopId"
            options={r.choices.workshops.map((w) => ({ value: String(w.id), label: `${w.place}, ${formatDate(w.heldOn, f.lang)}` }))}
            blank={m.ws.none}
          />
        </>
      );
    case 'candidate':
      return (
        <>
          <TextInput form={f} name="candidateTitle" />
          <TextArea form={f} name="candidateDescription" rows={4} />
          {/* Sent even with every box unticked, so that "none" is an error and not "leave as it was". */}
          <input type="hidden" name="proposalIds" value="" />
          <Checkboxes
            form={f}
            name="proposalIds"
            legend={m.labels.proposalIds!}
            options={r.choices.proposals.map((p) => ({ value: String(p.id), label: `#${p.id} ${p.title} — ${p.proposer}` }))}
          />
        </>
      );
    case 'member':
      return (
        <>
          <TextInput form={f} name="memberName" />
          <Select form={f} name="memberSector" options={FORUM_SECTORS.map((s) => ({ value: s, label: m.sectors[s]! }))} />
          <TextInput form={f} name="memberFrom" type="date" />
          <TextInput form={f} name="memberUntil" type="date" />
        </>
      );
    case 'meeting':
      return (
        <>
          <TextInput form={f} name="meetingDate" type="date" />
          <TextArea form={f} name="agenda" rows={4} />
          <TextInput form={f} name="minutesUrl" type="url" />
          <TextArea form={f} name="agreements" rows={4} />
        </>
      );
  }
}

export function RecordEditPage({
  ctx,
  csrf,
  r,
  failed,
  conflict,
}: {
  ctx: PageContext;
  csrf: string;
  r: RecordForEdit;
  failed: { errors: FieldError[]; values: Values } | null;
  conflict: Conflict | null;
}) {
  const { lang } = ctx;
  const m = cocreationMessages[lang];
  const title = m.records.editTitle(m.records.kinds[r.kind]!, displayName(lang, r));
  const f: FormState = { lang, csrf, values: conflict?.mine ?? failed?.values ?? r.values, errors: failed?.errors ?? [], prefix: r.kind };
  const path = `${RECORD_PATH[r.kind]}/${r.id}`;
  return (
    <Layout ctx={ctx} title={title}>
      <Crumb lang={lang} r={r} />
      <h1>{title}</h1>
      {r.kind === 'candidate' && r.inUse !== null ? (
        <p class="notice">{m.records.approvedNoEdit(r.approvedAs)}</p>
      ) : (
        <form method="post" action={href(lang, `${path}/editar`)} novalidate>
          <Csrf token={csrf} />
          <input type="hidden" name="version" value={String(conflict?.version ?? r.version)} />
          <ErrorSummary form={f} />
          {conflict && <ConflictSummary lang={lang} conflict={conflict} />}
          <Fields f={f} r={r} />
          <button type="submit">{m.ws.save}</button>
        </form>
      )}
      <p>
        {r.inUse === null && <a href={href(lang, `${path}/eliminar`)}>{m.records.remove}</a>}
        {r.inUse === null && ' · '}
        <a href={href(lang, recordHome(r.kind, r.plan.id))}>{m.records.back}</a>
      </p>
    </Layout>
  );
}

/** "¿Eliminar …?": what will go and a button; or, when something depends on the record, why it stays (409). */
export function RecordDeletePage({ ctx, csrf, r, ungroups }: { ctx: PageContext; csrf: string; r: RecordForEdit; ungroups: number }) {
  const { lang } = ctx;
  const m = cocreationMessages[lang].records;
  const name = displayName(lang, r);
  const title = r.inUse ? `${m.cannotDelete}: ${name}` : m.deleteTitle(m.kinds[r.kind]!, name);
  return (
    <Layout ctx={ctx} title={title}>
      <Crumb lang={lang} r={r} />
      <h1>{title}</h1>
      {r.inUse ? (
        <div class="error-summary" role="alert">
          <p>{inUseText(lang, r.inUse)}</p>
        </div>
      ) : (
        <>
          <p>{m.deleteIntro}</p>
          {r.kind === 'candidate' && ungroups > 0 && <p>{m.ungroups(ungroups)}</p>}
          <form method="post" action={href(lang, `${RECORD_PATH[r.kind]}/${r.id}/eliminar`)}>
            <Csrf token={csrf} />
            <button type="submit">{m.deleteSubmit}</button>
          </form>
        </>
      )}
      <p>
        <a href={href(lang, recordHome(r.kind, r.plan.id))}>{r.inUse ? m.back : m.cancel}</a>
      </p>
    </Layout>
  );
}

/** A row's way to its edit page and (when nothing depends on it) its delete confirmation: links, no change on GET. */
export function RecordLinks({
  lang,
  kind,
  id,
  name,
  deletable,
}: {
  lang: Lang;
  kind: RecordKind;
  id: number;
  name: string;
  deletable: boolean;
}) {
  const m = cocreationMessages[lang].records;
  return (
    <span class="record-links">
      <a href={href(lang, `${RECORD_PATH[kind]}/${id}/editar`)} aria-label={`${m.edit}: ${name}`}>
        {m.edit}
      </a>
      {deletable && (
        <>
          {' · '}
          <a href={href(lang, `${RECORD_PATH[kind]}/${id}/eliminar`)} aria-label={`${m.remove}: ${name}`}>
            {m.remove}
          </a>
        </>
      )}
    </span>
  );
}

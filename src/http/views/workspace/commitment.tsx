import { monitoringMessages } from '../../../i18n/monitoring.js';
import type { FieldError, Values } from '../../../domain/input.js';
import { ACTIVITY_STATUS_VALUES } from '../../../domain/input.js';
import { formatDate } from '../../../i18n/format.js';
import { reviewMessages } from '../../../i18n/review.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { EditableCommitment } from '../../../services/workspace/commitments.js';
import { href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import type { IndicatorView } from '../../../services/indicators.js';
import { commitmentMessages } from '../../../i18n/commitments.js';
import { agencyOptions, CoLeadsAndContacts, ContactFields } from './commitment-people.js';
import { CommitmentTexts, textLabels } from './commitment-texts.js';
import { IndicatorsEditList } from './indicators.js';
import { ActionButton, Csrf, ErrorSummary, FileInput, Select, TextArea, TextInput, Theirs, type FormState } from './form.js';

/** Which form on the page the errors (and the values as typed) belong to. */
export type EditForm = 'fields' | 'activity' | 'link' | 'file' | 'source' | 'agency' | 'contact' | 'co-lead' | 'add-contact';

export interface CommitmentEditProps {
  ctx: PageContext;
  data: EditableCommitment;
  csrf: string;
  /** After a save: a message at the top. */
  flash?: string | null;
  /** The form that failed, with its errors and values as typed. */
  failed?: { form: EditForm; errors: FieldError[]; values: Values } | null;
  /** Someone else saved first: their values beside the fields. */
  conflict?: { theirs: Values; mine: Values; version: number } | null;
  uploadMaxMb: number;
  /** The commitment's indicators (issue 6): listed, each linking to its own page. */
  indicators?: IndicatorView[];
}

export function CommitmentEditPage({ ctx, data, csrf, flash, failed, conflict, uploadMaxMb, indicators = [] }: CommitmentEditProps) {
  const { lang } = ctx;
  const m = workspaceMessages[lang];
  const cm = commitmentMessages[lang];
  const c = data.detail;
  const base = href(lang, `/espacio/compromisos/${c.id}`);
  const state = (form: EditForm, values: Values, prefix: string): FormState => ({
    lang,
    csrf,
    prefix,
    values: failed?.form === form ? failed.values : values,
    errors: failed?.form === form ? failed.errors : [],
  });
  const fields = {
    ...state('fields', conflict ? conflict.mine : data.values, 'c'),
    labels: textLabels(lang, data.lang, data.translationLang),
  };
  const version = conflict ? conflict.version : data.version;
  const activityOptions = [
    { value: '', label: m.forWholeCommitment },
    ...c.activities.map((a) => ({ value: String(a.id), label: `${a.number}. ${a.title}` })),
  ];
  return (
    <Layout ctx={ctx} title={m.editCommitment(c.number)}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{m.title}</a> › {c.plan.title}
      </p>
      <h1>{m.editCommitment(c.number)}</h1>
      <p>
        <a href={href(lang, `/compromisos/${c.id}`)}>{m.viewPublic}</a>
        {' · '}
        <a href={`${href(lang, `/espacio/planes/${c.plan.id}/seguimiento`)}#c-${c.id}`}>{monitoringMessages[lang].boardLink}</a>
        {/* Coordinators (who may reorganise) also carry an unfinished commitment into a later plan. */}
        {data.canReorganise && (
          <>
            {' · '}
            <a href={href(lang, `/espacio/compromisos/${c.id}/continuar`)}>{reviewMessages[lang].continueLink}</a>
          </>
        )}
      </p>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      {conflict && (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2>{m.conflictTitle}</h2>
          <p>{m.conflictIntro}</p>
        </div>
      )}

      <section aria-labelledby="fields">
        <h2 id="fields">{m.fieldsHeading}</h2>
        <ErrorSummary form={fields} />
        <form method="post" action={base} class="edit-form">
          <Csrf token={csrf} />
          <input type="hidden" name="version" value={String(version)} />
          <CommitmentTexts
            form={fields}
            other={data.translationLang}
            rows={6}
            after={(name) =>
              conflict &&
              String(conflict.theirs[name] ?? '') !== String(conflict.mine[name] ?? '') && (
                <Theirs label={m.theirs} value={conflict.theirs[name]} empty={m.empty} />
              )
            }
          />
          <div class="two">
            {(['plannedStart', 'plannedEnd'] as const).map((name) => (
              <div key={name}>
                <TextInput form={fields} name={name} type="date" />
                {conflict && String(conflict.theirs[name] ?? '') !== String(conflict.mine[name] ?? '') && (
                  <Theirs label={m.theirs} value={conflict.theirs[name]} empty={m.empty} />
                )}
              </div>
            ))}
          </div>
          {data.planRunning && (
            <>
              <p class="hint">{cm.modificationHint}</p>
              <TextArea form={fields} name="modificationReason" rows={2} />
              <TextInput form={fields} name="modificationDate" type="date" />
            </>
          )}
          <button type="submit">{m.save}</button>
        </form>
      </section>

      <section aria-labelledby="activities">
        <h2 id="activities">{m.activitiesHeading}</h2>
        <ol class="activities">
          {c.activities.map((a, i) => (
            <li key={a.id} value={a.number}>
              <p>
                <a href={href(lang, `/espacio/actividades/${a.id}`)}>{a.title}</a>
                {a.status && <span class="muted"> — {m.activityStatuses[a.status]}</span>}
                {a.plannedEnd && (
                  <span class="muted">
                    {' '}
                    — {m.labels.plannedEnd}: {formatDate(a.plannedEnd, lang)}
                    {a.originalPlannedEnd && (
                      <span class="original-date"> ({monitoringMessages[lang].originalDate(formatDate(a.originalPlannedEnd, lang))})</span>
                    )}
                  </span>
                )}
              </p>
              <div class="row-actions">
                {i > 0 && (
                  <ActionButton
                    action={href(lang, `/espacio/actividades/${a.id}/mover`)}
                    csrf={csrf}
                    label={m.moveUp}
                    name="direction"
                    value="up"
                    describe={a.title}
                  />
                )}
                {i < c.activities.length - 1 && (
                  <ActionButton
                    action={href(lang, `/espacio/actividades/${a.id}/mover`)}
                    csrf={csrf}
                    label={m.moveDown}
                    name="direction"
                    value="down"
                    describe={a.title}
                  />
                )}
                <ActionButton
                  action={href(lang, `/espacio/actividades/${a.id}/eliminar`)}
                  csrf={csrf}
                  label={m.remove}
                  describe={a.title}
                />
              </div>
            </li>
          ))}
        </ol>
        <details open={failed?.form === 'activity'}>
          <summary>{m.addActivity}</summary>
          <ActivityFields
            form={state('activity', {}, 'a')}
            action={`${base}/actividades`}
            agencies={data.agencies}
            running={data.planRunning}
          />
        </details>
      </section>

      <IndicatorsEditList lang={lang} commitmentId={c.id} indicators={indicators} />

      <section aria-labelledby="evidence">
        <h2 id="evidence">{m.evidenceHeading}</h2>
        <p>{m.evidencePublic}</p>
        <ul>
          {[
            ...c.evidence.map((e) => ({ e, activity: null as string | null })),
            ...c.activities.flatMap((a) => a.evidence.map((e) => ({ e, activity: `${a.number}. ${a.title}` }))),
          ].map(({ e, activity }) => (
            <li key={e.id}>
              {e.file ? (
                <a href={`/evidencias/${e.id}/archivo`} download={e.file.name}>
                  {e.file.name}
                </a>
              ) : (
                <a href={e.url ?? '#'} rel="external noopener noreferrer">
                  {e.description ?? e.url}
                </a>
              )}
              {e.file && e.description && <> — {e.description}</>}
              {activity && <span class="muted"> — {activity}</span>}{' '}
              <ActionButton
                action={href(lang, `/espacio/evidencias/${e.id}/eliminar`)}
                csrf={csrf}
                label={m.remove}
                describe={e.description ?? e.url ?? ''}
              />
            </li>
          ))}
        </ul>
        <details open={failed?.form === 'link'}>
          <summary>{m.addLink}</summary>
          {(() => {
            const f = state('link', {}, 'l');
            return (
              <form method="post" action={`${base}/evidencias`}>
                <Csrf token={csrf} />
                <ErrorSummary form={f} />
                <TextInput form={f} name="url" type="url" />
                <TextInput form={f} name="description" label={m.labels.description2} />
                <Select form={f} name="activityId" options={activityOptions} />
                <button type="submit">{m.add}</button>
              </form>
            );
          })()}
        </details>
        <details open={failed?.form === 'file'}>
          <summary>{m.addFile}</summary>
          {(() => {
            const f = state('file', {}, 'u');
            return (
              <form method="post" action={`${base}/archivos`} enctype="multipart/form-data">
                <Csrf token={csrf} />
                <ErrorSummary form={f} />
                <FileInput form={f} name="file" hint={m.fileHint(uploadMaxMb)} accept=".pdf,.docx,.xlsx,.odt,.ods,.csv,.png,.jpg,.jpeg" />
                <TextInput form={f} name="description" label={m.labels.description2} />
                <Select form={f} name="activityId" options={activityOptions} />
                <button type="submit">{m.add}</button>
              </form>
            );
          })()}
        </details>
      </section>

      <section aria-labelledby="sources">
        <h2 id="sources">{m.sourcesHeading}</h2>
        <ul>
          {[...c.sources, ...c.activities.flatMap((a) => a.sources)].map((s) => (
            <li key={s.id}>
              {s.text}
              {s.date && <span class="muted"> ({formatDate(s.date, lang)})</span>}{' '}
              <ActionButton action={href(lang, `/espacio/fuentes/${s.id}/eliminar`)} csrf={csrf} label={m.remove} describe={s.text} />
            </li>
          ))}
        </ul>
        <details open={failed?.form === 'source'}>
          <summary>{m.addSource}</summary>
          {(() => {
            const f = state('source', {}, 's');
            return (
              <form method="post" action={`${base}/fuentes`}>
                <Csrf token={csrf} />
                <ErrorSummary form={f} />
                <TextInput form={f} name="text" />
                <div class="two">
                  <TextInput form={f} name="docNumber" />
                  <TextInput form={f} name="date" type="date" />
                </div>
                <TextInput form={f} name="issuingAgency" />
                <button type="submit">{m.add}</button>
              </form>
            );
          })()}
        </details>
      </section>

      <section aria-labelledby="reorganise">
        <h2 id="reorganise">{m.reorganiseHeading}</h2>
        <p class="hint">{m.reorganiseHint}</p>
        {data.canReorganise && (
          <details open={failed?.form === 'agency'}>
            <summary>{m.changeAgency}</summary>
            {(() => {
              const f = state('agency', { agencyId: c.leadAgency ? String(c.leadAgency.agency.id) : '' }, 'g');
              return (
                <form method="post" action={`${base}/responsable`}>
                  <Csrf token={csrf} />
                  <ErrorSummary form={f} />
                  <Select form={f} name="agencyId" options={agencyOptions(data.agencies)} />
                  <TextInput form={f} name="detail" />
                  <TextInput form={f} name="from" type="date" />
                  <button type="submit">{m.save}</button>
                </form>
              );
            })()}
          </details>
        )}
        <details open={failed?.form === 'contact'}>
          <summary>{m.changeContact}</summary>
          {(() => {
            const f = state(
              'contact',
              {
                name: c.contact?.name ?? '',
                position: c.contact?.position ?? '',
                email: c.contact?.email ?? '',
                phone: c.contact?.phone ?? '',
              },
              'p',
            );
            return (
              <form method="post" action={`${base}/contacto`}>
                <Csrf token={csrf} />
                <ErrorSummary form={f} />
                <ContactFields form={f} />
                <button type="submit">{m.save}</button>
              </form>
            );
          })()}
        </details>
      </section>

      <CoLeadsAndContacts data={data} lang={lang} csrf={csrf} base={base} failed={failed ?? null} />
    </Layout>
  );
}

export function ActivityFields({
  form,
  action,
  version,
  agencies,
  running,
}: {
  form: FormState;
  action: string;
  version?: number;
  /** The government's agencies: who is responsible for the milestone (none chosen: the commitment's lead). */
  agencies: { id: number; name: string; acronym: string | null }[];
  /** The plan is approved: its progress is recorded (decision 030). */
  running: boolean;
}) {
  const m = workspaceMessages[form.lang];
  const cm = commitmentMessages[form.lang];
  return (
    <form method="post" action={action}>
      <Csrf token={form.csrf} />
      {version !== undefined && <input type="hidden" name="version" value={String(version)} />}
      <ErrorSummary form={form} />
      <TextInput form={form} name="title" label={m.labels.activityTitle} />
      <TextArea form={form} name="details" rows={4} />
      <TextInput form={form} name="deliverable" />
      <Select form={form} name="responsibleAgencyId" options={agencyOptions(agencies)} blank={m.any} />
      <div class="two">
        <TextInput form={form} name="plannedStart" type="date" />
        <TextInput form={form} name="plannedEnd" type="date" />
      </div>
      <TextInput form={form} name="weight" type="number" />
      {running ? (
        <>
          <div class="two">
            <Select
              form={form}
              name="status"
              options={ACTIVITY_STATUS_VALUES.map((s) => ({ value: s, label: m.activityStatuses[s]! }))}
              blank={m.any}
            />
            <TextInput form={form} name="actualEnd" type="date" />
          </div>
          <TextInput form={form} name="percentDone" type="number" />
          <TextArea form={form} name="cancellationReason" rows={2} />
        </>
      ) : (
        <p class="hint">{cm.progressHint}</p>
      )}
      <button type="submit">{m.save}</button>
    </form>
  );
}

import type { Values } from '../../../domain/input.js';
import { ROLES, type Actor } from '../../../domain/roles.js';
import { accountMessages } from '../../../i18n/accounts.js';
import { adminFieldText, adminMessages, type AdminForm, type AdminNotice } from '../../../i18n/admin.js';
import type { Lang } from '../../../i18n/lang.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import type { AdminAccount, AdminFieldError, AdminGovernment } from '../../../services/workspace/admin.js';
import { InLang } from '../components.js';
import { formatDate, href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { ActionButton, Csrf, ErrorSummary, Select, TextInput, type FormState } from './form.js';

/**
 * The admin's pages: accounts (list, create with a one-time link shown once, disable, send a link) and
 * agencies (by government, add, rename). Errors in the GOV.UK pattern, as on every workspace form.
 */

/** A form that failed: its errors (words chosen here) and the values as typed. */
export interface Failed<F> {
  form: F;
  errors: AdminFieldError[];
  values: Values;
}

const localized = (lang: Lang, form: AdminForm, errors: AdminFieldError[]) =>
  errors.map((e) => ({ ...e, message: adminFieldText(lang, form, e) }));

function Breadcrumb({ lang }: { lang: Lang }) {
  return (
    <p class="breadcrumb">
      <a href={href(lang, '/espacio')}>{workspaceMessages[lang].title}</a> › {adminMessages[lang].sectionTitle}
    </p>
  );
}

function Notice({ text }: { text: string | null }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}

function Problem({ lang, text }: { lang: Lang; text: string | null }) {
  return text ? (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{workspaceMessages[lang].errorTitle}</h2>
      <p>{text}</p>
    </div>
  ) : null;
}

function lastSeen(iso: string | null, lang: Lang): string {
  return iso ? `${formatDate(iso, lang)}, ${iso.slice(11, 16)} UTC` : '—';
}

export interface AccountsPageProps {
  ctx: PageContext;
  csrf: string;
  actor: Actor;
  accounts: AdminAccount[];
  governments: AdminGovernment[];
  notice?: AdminNotice | null;
  /** Just created: the one-time link, shown on this page only. */
  created?: { account: AdminAccount; link: string; hours: number } | null;
  failed?: Failed<'create'> | null;
  /** A refusal that is not about a field (disabling one's own account). */
  problem?: string | null;
}

export function AdminAccountsPage({ ctx, csrf, actor, accounts, governments, notice, created, failed, problem }: AccountsPageProps) {
  const { lang } = ctx;
  const m = adminMessages[lang];
  const a = m.accounts;
  const roles = accountMessages[lang].roles;
  const form: FormState = {
    lang,
    csrf,
    prefix: 'acc',
    values: failed?.values ?? {},
    errors: failed ? localized(lang, 'account', failed.errors) : [],
  };
  const several = governments.filter((g) => g.id !== 0).length > 1;
  const agencyOptions = governments.flatMap((g) =>
    g.agencies.map((x) => ({
      value: String(x.id),
      label: `${x.name}${x.acronym ? ` (${x.acronym})` : ''}${several && g.name ? ` — ${g.name}` : ''}`,
    })),
  );
  const labels = m.labels.account;
  return (
    <Layout ctx={ctx} title={a.title} failed={Boolean(failed || problem)}>
      <Breadcrumb lang={lang} />
      <h1>{a.title}</h1>
      <p class="lead">{a.intro}</p>
      <Notice text={notice ? a.notices[notice] : null} />
      <Problem lang={lang} text={problem ?? null} />
      {created && (
        <section aria-labelledby="created" class="notice" role="status">
          <h2 id="created">{a.createdTitle}</h2>
          <p>
            {a.created({
              email: created.account.email,
              role: roles[created.account.role as 'admin'] ?? created.account.role,
              hours: created.hours,
            })}
          </p>
          <div class="field">
            <label for="one-time-link">{a.linkLabel}</label>
            <p class="hint" id="one-time-link-hint">
              {a.linkOnce}
            </p>
            <input type="text" id="one-time-link" readOnly value={created.link} aria-describedby="one-time-link-hint" />
          </div>
        </section>
      )}

      {accounts.length === 0 ? (
        <p>{a.none}</p>
      ) : (
        <div class="table-scroll">
          <table class="data accounts">
            <caption>{a.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{a.columns.name}</th>
                <th scope="col">{a.columns.email}</th>
                <th scope="col">{a.columns.role}</th>
                <th scope="col">{a.columns.agency}</th>
                <th scope="col">{a.columns.government}</th>
                <th scope="col">{a.columns.status}</th>
                <th scope="col">{a.columns.lastSeen}</th>
                <th scope="col">{a.columns.actions}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((u) => (
                <tr key={u.id} id={`cuenta-${u.id}`}>
                  <th scope="row">{u.name}</th>
                  <td>{u.email}</td>
                  <td>{roles[u.role as 'admin'] ?? u.role}</td>
                  <td>{u.agency ? (u.agency.acronym ?? u.agency.name) : '—'}</td>
                  <td>{u.government?.name ?? '—'}</td>
                  <td>
                    <span class={`stage ${u.disabled ? 'stage-returned' : 'stage-approved'}`}>{u.disabled ? a.disabled : a.active}</span>
                    {!u.disabled && !u.hasPassword && <span class="muted"> · {a.noPassword}</span>}
                  </td>
                  <td>{lastSeen(u.lastSeenAt, lang)}</td>
                  <td>
                    {u.id === actor.userId ? (
                      <span class="muted">{a.you}</span>
                    ) : u.disabled ? (
                      '—'
                    ) : (
                      <div class="row-actions">
                        <ActionButton
                          action={href(lang, `/espacio/admin/cuentas/${u.id}/desactivar`)}
                          csrf={csrf}
                          label={a.disable}
                          describe={u.email}
                        />
                        <ActionButton
                          action={href(lang, `/espacio/admin/cuentas/${u.id}/enlace`)}
                          csrf={csrf}
                          label={a.sendLink}
                          describe={u.email}
                        />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="hint">{a.lastSeenHint}</p>

      <section aria-labelledby="create">
        <h2 id="create">{a.createTitle}</h2>
        <ErrorSummary form={form} />
        <form method="post" action={href(lang, '/espacio/admin/cuentas')} noValidate>
          <Csrf token={csrf} />
          <TextInput form={form} name="email" type="email" label={labels.email} />
          <TextInput form={form} name="name" label={labels.name} />
          <Select
            form={form}
            name="role"
            label={labels.role}
            blank={m.choose}
            options={ROLES.map((r) => ({ value: r, label: roles[r] }))}
          />
          <Select form={form} name="agency" label={labels.agency!} hint={m.hints.agency} blank={m.noneAgency} options={agencyOptions} />
          <Select
            form={form}
            name="government"
            label={labels.government!}
            hint={m.hints.government}
            blank={m.noneGovernment}
            options={governments.filter((g) => g.id !== 0).map((g) => ({ value: String(g.id), label: g.name }))}
          />
          <Select
            form={form}
            name="language"
            label={labels.language}
            options={['es', 'en'].map((l) => ({ value: l, label: m.languages[l]! }))}
          />
          <button type="submit">{a.create}</button>
        </form>
      </section>
      <p>
        <a href={href(lang, '/espacio/admin/entidades')}>{m.agencies.title}</a>
      </p>
    </Layout>
  );
}

export interface AgenciesPageProps {
  ctx: PageContext;
  csrf: string;
  governments: AdminGovernment[];
  notice?: AdminNotice | null;
  /** The form that failed: 'add', or the id of the agency being renamed. */
  failed?: Failed<'add' | number> | null;
}

export function AdminAgenciesPage({ ctx, csrf, governments, notice, failed }: AgenciesPageProps) {
  const { lang } = ctx;
  const m = adminMessages[lang];
  const g = m.agencies;
  const labels = m.labels.agency;
  const real = governments.filter((x) => x.id !== 0);
  const errorsOf = (form: 'add' | number) => (failed && failed.form === form ? localized(lang, 'agency', failed.errors) : []);
  const add: FormState = {
    lang,
    csrf,
    prefix: 'new',
    values: failed?.form === 'add' ? failed.values : real.length === 1 ? { government: real[0]!.id } : {},
    errors: errorsOf('add'),
  };
  const renameState = (agency: { id: number; name: string; acronym: string | null }): FormState => ({
    lang,
    csrf,
    prefix: `a${agency.id}`,
    values: failed?.form === agency.id ? failed.values : { name: agency.name, acronym: agency.acronym },
    errors: errorsOf(agency.id),
  });
  // One summary of the problems, at the top of the page, whichever form they are in.
  const summary =
    failed && typeof failed.form === 'number'
      ? renameState(
          governments.flatMap((x) => x.agencies).find((x) => x.id === failed.form) ?? { id: failed.form, name: '', acronym: null },
        )
      : null;
  return (
    <Layout ctx={ctx} title={g.title} failed={Boolean(failed)}>
      <Breadcrumb lang={lang} />
      <h1>{g.title}</h1>
      <p class="lead">{g.intro}</p>
      <p>
        <a href={href(lang, '/entidades')}>{g.viewPublic}</a>
      </p>
      <Notice text={notice ? m.accounts.notices[notice] : null} />
      {summary && <ErrorSummary form={summary} />}
      {governments.length === 0 && <p>{g.noGovernments}</p>}
      {governments.map((gov) => (
        <section key={gov.id} aria-labelledby={`gobierno-${gov.id}`}>
          <h2 id={`gobierno-${gov.id}`}>{gov.name ? <InLang text={gov.name} textLang={gov.lang} lang={lang} /> : g.noGovernment}</h2>
          {gov.agencies.length === 0 ? (
            <p>{g.none}</p>
          ) : (
            <div class="table-scroll">
              <table class="data">
                <caption>{g.caption(gov.name || g.noGovernment)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{g.columns.name}</th>
                    <th scope="col">{g.columns.acronym}</th>
                    <th scope="col">{g.columns.commitments}</th>
                    <th scope="col">{g.columns.edit}</th>
                  </tr>
                </thead>
                <tbody>
                  {gov.agencies.map((x) => {
                    const f = renameState(x);
                    return (
                      <tr key={x.id} id={`entidad-${x.id}`}>
                        <th scope="row">
                          <a href={href(lang, `/entidades/${x.id}`)}>
                            <InLang text={x.name} textLang={gov.lang} lang={lang} />
                          </a>
                        </th>
                        <td>{x.acronym ?? '—'}</td>
                        <td>{x.commitments}</td>
                        <td>
                          <details open={failed?.form === x.id}>
                            <summary>
                              {g.columns.edit}
                              <span class="visually-hidden">
                                : <InLang text={x.name} textLang={gov.lang} lang={lang} />
                              </span>
                            </summary>
                            <form
                              method="post"
                              action={href(lang, `/espacio/admin/entidades/${x.id}`)}
                              noValidate
                              aria-label={g.edit(x.name)}
                            >
                              <Csrf token={csrf} />
                              <TextInput form={f} name="name" label={labels.name} />
                              <TextInput form={f} name="acronym" label={labels.acronym} />
                              <button type="submit">{g.save}</button>
                            </form>
                          </details>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}

      {real.length > 0 && (
        <section aria-labelledby="add">
          <h2 id="add">{g.addTitle}</h2>
          <ErrorSummary form={add} />
          <form method="post" action={href(lang, '/espacio/admin/entidades')} noValidate>
            <Csrf token={csrf} />
            <Select
              form={add}
              name="government"
              label={labels.government}
              blank={m.choose}
              options={real.map((x) => ({ value: String(x.id), label: x.name }))}
            />
            <TextInput form={add} name="name" label={labels.name} />
            <TextInput form={add} name="acronym" label={labels.acronym} hint={m.hints.acronym} />
            <button type="submit">{g.add}</button>
          </form>
        </section>
      )}
      <p>
        <a href={href(lang, '/espacio/admin/cuentas')}>{m.accounts.title}</a>
      </p>
    </Layout>
  );
}

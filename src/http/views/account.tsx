import { accountMessages } from '../../i18n/accounts.js';
import type { Lang } from '../../i18n/lang.js';
import type { Role } from '../../domain/roles.js';
import { href } from './format.js';
import { Layout, type PageContext } from './layout.js';

/**
 * The account pages: sign in, forgotten password, choose a password, the person's account. Forms follow
 * the GOV.UK pattern: a summary of the problems at the top linking to each field, the message again
 * next to the field, and the values as typed (never a password).
 */
export interface FieldError {
  /** The id of the input the message is about. */
  field: string;
  message: string;
}

export function ErrorSummary({ lang, errors }: { lang: Lang; errors: FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{accountMessages[lang].errorTitle}</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.field}>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Field(props: {
  lang: Lang;
  id: string;
  name: string;
  type: 'email' | 'password' | 'text';
  label: string;
  value?: string;
  hint?: string;
  autocomplete: string;
  errors: FieldError[];
}) {
  const error = props.errors.find((e) => e.field === props.id);
  const describedBy = [props.hint ? `${props.id}-hint` : null, error ? `${props.id}-error` : null].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`${props.id}-error`}>
          <span class="visually-hidden">{accountMessages[props.lang].errorPrefix} </span>
          {error.message}
        </p>
      )}
      <input
        id={props.id}
        name={props.name}
        type={props.type}
        // An address is at most 254 characters: what came back longer is not sent back whole (the page stays small).
        value={props.type === 'password' ? '' : (props.value ?? '').slice(0, 1000)}
        autocomplete={props.autocomplete}
        spellcheck={false}
        maxLength={props.type === 'password' ? 1024 : 254}
        aria-describedby={describedBy || undefined}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function SignInPage(props: {
  ctx: PageContext;
  csrf: string;
  email: string;
  volver: string;
  errors: FieldError[];
  notice?: string | null;
}) {
  const { lang } = props.ctx;
  const m = accountMessages[lang];
  return (
    <Layout ctx={props.ctx} title={m.signIn.title} failed={props.errors.length > 0}>
      <h1>{m.signIn.title}</h1>
      <ErrorSummary lang={lang} errors={props.errors} />
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <p>{m.signIn.intro}</p>
      <form method="post" action={href(lang, '/cuenta/ingresar')} novalidate>
        <Csrf token={props.csrf} />
        {props.volver && <input type="hidden" name="volver" value={props.volver} />}
        <Field
          lang={lang}
          id="email"
          name="email"
          type="email"
          label={m.emailLabel}
          value={props.email}
          autocomplete="username"
          errors={props.errors}
        />
        <Field
          lang={lang}
          id="password"
          name="password"
          type="password"
          label={m.passwordLabel}
          autocomplete="current-password"
          errors={props.errors}
        />
        <button type="submit">{m.signIn.submit}</button>
      </form>
      <p>
        <a href={href(lang, '/cuenta/olvide')}>{m.signIn.forgot}</a>
      </p>
    </Layout>
  );
}

export function ForgotPage(props: { ctx: PageContext; csrf: string; email: string; errors: FieldError[] }) {
  const { lang } = props.ctx;
  const m = accountMessages[lang];
  return (
    <Layout ctx={props.ctx} title={m.forgot.title} failed={props.errors.length > 0}>
      <h1>{m.forgot.title}</h1>
      <ErrorSummary lang={lang} errors={props.errors} />
      <p>{m.forgot.intro}</p>
      <form method="post" action={href(lang, '/cuenta/olvide')} novalidate>
        <Csrf token={props.csrf} />
        <Field
          lang={lang}
          id="email"
          name="email"
          type="email"
          label={m.emailLabel}
          value={props.email}
          autocomplete="email"
          errors={props.errors}
        />
        <button type="submit">{m.forgot.submit}</button>
      </form>
    </Layout>
  );
}

export function ForgotSentPage(props: { ctx: PageContext; email: string }) {
  const { lang } = props.ctx;
  const m = accountMessages[lang].forgot;
  return (
    <Layout ctx={props.ctx} title={m.sentTitle}>
      <h1>{m.sentTitle}</h1>
      <p>{m.sent(props.email)}</p>
      <p>{m.notReceived}</p>
      <p>
        <a href={href(lang, '/cuenta/olvide')}>{m.again}</a>
      </p>
    </Layout>
  );
}

export function SetPasswordPage(props: { ctx: PageContext; csrf: string; token: string; email: string; errors: FieldError[] }) {
  const { lang } = props.ctx;
  const m = accountMessages[lang];
  return (
    <Layout ctx={props.ctx} title={m.setPassword.title} failed={props.errors.length > 0}>
      <h1>{m.setPassword.title}</h1>
      <ErrorSummary lang={lang} errors={props.errors} />
      <p>{m.setPassword.intro(props.email)}</p>
      <form method="post" action={href(lang, '/cuenta/clave')} novalidate>
        <Csrf token={props.csrf} />
        <input type="hidden" name="token" value={props.token} />
        {/* For password managers: the account the new password belongs to. */}
        <input type="hidden" name="username" value={props.email} autocomplete="username" />
        <Field
          lang={lang}
          id="password"
          name="password"
          type="password"
          label={m.setPassword.newLabel}
          hint={m.setPassword.hint}
          autocomplete="new-password"
          errors={props.errors}
        />
        <Field
          lang={lang}
          id="confirm"
          name="confirm"
          type="password"
          label={m.setPassword.confirmLabel}
          autocomplete="new-password"
          errors={props.errors}
        />
        <button type="submit">{m.setPassword.submit}</button>
      </form>
    </Layout>
  );
}

export function InvalidLinkPage(props: { ctx: PageContext }) {
  const { lang } = props.ctx;
  const m = accountMessages[lang].setPassword;
  return (
    <Layout ctx={props.ctx} title={m.invalidTitle}>
      <h1>{m.invalidTitle}</h1>
      <p>{m.invalid}</p>
      <p>
        <a href={href(lang, '/cuenta/olvide')}>{m.askAgain}</a>
      </p>
    </Layout>
  );
}

export interface AccountView {
  name: string;
  email: string;
  role: Role;
  agency: string | null;
  government: string | null;
}

/** `children`: the sections other features add to the page (the digest setting). */
export function AccountPage(props: { ctx: PageContext; csrf: string; account: AccountView; children?: preact.ComponentChildren }) {
  const { lang } = props.ctx;
  const m = accountMessages[lang];
  const a = props.account;
  const rows: [string, string][] = [
    [m.account.name, a.name],
    [m.account.email, a.email],
    [m.account.role, m.roles[a.role]],
    ...(a.agency ? [[m.account.agency, a.agency] as [string, string]] : []),
    ...(a.government ? [[m.account.government, a.government] as [string, string]] : []),
  ];
  return (
    <Layout ctx={props.ctx} title={m.account.title}>
      <h1>{m.account.title}</h1>
      <dl class="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {props.children}
      <p>
        <a href={href(lang, '/cuenta/olvide')}>{m.account.changePassword}</a>
      </p>
      <form method="post" action={href(lang, '/cuenta/salir')}>
        <Csrf token={props.csrf} />
        <p class="hint">{m.account.signOutHint}</p>
        <button type="submit">{m.nav.signOut}</button>
      </form>
    </Layout>
  );
}

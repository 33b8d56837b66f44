import { workflowMessages } from '../../i18n/workflow-notices.js';
import { notificationMessages } from '../../i18n/notifications.js';
import { Csrf, ErrorSummary, Field, type FieldError } from './account.js';
import { Honeypot } from './components.js';
import { href } from './format.js';
import { Layout, type PageContext } from './layout.js';

/**
 * The notification pages: follow a commitment by e-mail, confirm it, stop following it, stop the daily
 * digest with a mailed link, and the digest setting on the account page. A link from a mail never
 * changes anything by being opened: each page asks to confirm with a button (a POST with a CSRF token),
 * so mail scanners that open links neither confirm nor unsubscribe anyone.
 */
interface CommitmentRef {
  id: number;
  number: number;
  title: string;
}

export function FollowPage(props: { ctx: PageContext; csrf: string; commitment: CommitmentRef; email: string; errors: FieldError[] }) {
  const { lang } = props.ctx;
  const m = notificationMessages[lang].pages;
  const c = props.commitment;
  return (
    <Layout ctx={props.ctx} title={m.followTitle} failed={props.errors.length > 0}>
      <h1>{m.followTitle}</h1>
      <ErrorSummary lang={lang} errors={props.errors} />
      <p>{m.followIntro(c.number, c.title)}</p>
      <form method="post" action={href(lang, `/compromisos/${c.id}/seguir`)} novalidate>
        <Csrf token={props.csrf} />
        <Field
          lang={lang}
          id="email"
          name="email"
          type="email"
          label={m.emailLabel}
          value={props.email}
          hint={m.followPrivacy}
          autocomplete="email"
          errors={props.errors}
        />
        <Honeypot id="follow-website" label={m.honeypot} />
        <button type="submit">{m.followSubmit}</button>
      </form>
      <p>
        <a href={href(lang, `/compromisos/${c.id}`)}>{m.back}</a>
      </p>
    </Layout>
  );
}

export function FollowSentPage(props: { ctx: PageContext; commitment: CommitmentRef; email: string }) {
  const { lang } = props.ctx;
  const m = notificationMessages[lang].pages;
  return (
    <Layout ctx={props.ctx} title={m.sentTitle}>
      <h1>{m.sentTitle}</h1>
      <p role="status">{m.sent(props.email)}</p>
      <p>
        <a href={href(lang, `/compromisos/${props.commitment.id}`)}>{m.back}</a>
      </p>
    </Layout>
  );
}

/** A page that asks to confirm what a mailed link is for: one button, the token in a hidden field. */
export function ConfirmLinkPage(props: {
  ctx: PageContext;
  csrf: string;
  token: string;
  action: string;
  title: string;
  intro: string;
  submit: string;
}) {
  const { lang } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      <form method="post" action={href(lang, props.action)}>
        <Csrf token={props.csrf} />
        <input type="hidden" name="token" value={props.token} />
        <button type="submit">{props.submit}</button>
      </form>
    </Layout>
  );
}

export function DonePage(props: { ctx: PageContext; title: string; text: string; back?: { href: string; label: string } }) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      <p role="status">{props.text}</p>
      {props.back && (
        <p>
          <a href={props.back.href}>{props.back.label}</a>
        </p>
      )}
    </Layout>
  );
}

export function InvalidNotificationLinkPage(props: { ctx: PageContext }) {
  const m = notificationMessages[props.ctx.lang].pages;
  return <DonePage ctx={props.ctx} title={m.invalidTitle} text={m.invalid} />;
}

/** One setting of /cuenta/avisos on the account page: its state in words, the notice once saved, one button that flips it. */
function SettingToggle(props: {
  lang: PageContext['lang'];
  csrf: string;
  id: string;
  heading: string;
  saved: string | null;
  state: string;
  field: string;
  value: string;
  button: string;
  buttonClass?: string;
}) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.heading}</h2>
      {props.saved && (
        <p class="notice" role="status">
          {props.saved}
        </p>
      )}
      <form method="post" action={href(props.lang, '/cuenta/avisos')}>
        <Csrf token={props.csrf} />
        <p>{props.state}</p>
        <input type="hidden" name={props.field} value={props.value} />
        <button type="submit" class={props.buttonClass}>
          {props.button}
        </button>
      </form>
    </section>
  );
}

interface SettingProps {
  ctx: PageContext;
  csrf: string;
  eligible: boolean;
  on: boolean;
  notice: 'on' | 'off' | null;
}

/** The account page's section: whether the person gets the daily digest, and a button to change it. */
export function DigestSettingSection(props: SettingProps) {
  const { lang } = props.ctx;
  const m = notificationMessages[lang].pages;
  if (!props.eligible)
    return (
      <section aria-labelledby="digest-heading">
        <h2 id="digest-heading">{m.accountHeading}</h2>
        {props.notice && (
          <p class="notice" role="status">
            {props.notice === 'on' ? m.savedOn : m.savedOff}
          </p>
        )}
        <p>{m.digestNotForRole}</p>
      </section>
    );
  return (
    <SettingToggle
      lang={lang}
      csrf={props.csrf}
      id="digest-heading"
      heading={m.accountHeading}
      saved={props.notice && (props.notice === 'on' ? m.savedOn : m.savedOff)}
      state={props.on ? m.digestOn : m.digestOff}
      field="digest"
      value={props.on ? 'off' : 'on'}
      button={props.on ? m.turnOff : m.turnOn}
      buttonClass={props.on ? 'secondary' : undefined}
    />
  );
}

/** The assessment notices (issue 20): at once, or in the daily digest only; for those the digest is for. */
export function WorkflowSettingSection(props: SettingProps) {
  const { lang } = props.ctx;
  const m = workflowMessages[lang].settings;
  if (!props.eligible) return null;
  return (
    <SettingToggle
      lang={lang}
      csrf={props.csrf}
      id="workflow-heading"
      heading={m.heading}
      saved={props.notice && (props.notice === 'on' ? m.savedOn : m.savedOff)}
      state={props.on ? m.atOnce : m.digestOnly}
      field="workflow"
      value={props.on ? 'digest' : 'at-once'}
      button={props.on ? m.turnOff : m.turnOn}
      buttonClass="secondary"
    />
  );
}

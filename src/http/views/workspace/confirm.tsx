import { confirmMessages } from '../../../i18n/confirm.js';
import type { ConfirmSubject } from '../../../services/workspace/confirm.js';
import { href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { Csrf } from './form.js';

/**
 * The one confirmation page (issue 20): what is about to happen to which thing, a button that posts the
 * same action again with `confirm=1`, and the way back. Plain HTML: it works without JavaScript.
 */
export function ConfirmPage({ ctx, csrf, subject, action }: { ctx: PageContext; csrf: string; subject: ConfirmSubject; action: string }) {
  const { lang } = ctx;
  const m = confirmMessages[lang];
  const k = m.kinds[subject.kind];
  return (
    <Layout ctx={ctx} title={`${k.heading} · ${subject.name}`}>
      <p class="eyebrow">{m.eyebrow}</p>
      <h1>{k.heading}</h1>
      <p>{k.what(subject.name, subject.within)}</p>
      <form method="post" action={action}>
        <Csrf token={csrf} />
        <input type="hidden" name="confirm" value="1" />
        <div class="buttons">
          <button type="submit">{k.submit}</button>
          <a href={href(lang, subject.back)}>{m.cancel}</a>
        </div>
      </form>
    </Layout>
  );
}

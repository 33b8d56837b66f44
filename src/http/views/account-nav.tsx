import type { Actor } from '../../domain/roles.js';
import { accountMessages } from '../../i18n/accounts.js';
import type { Lang } from '../../i18n/lang.js';
import { href } from './format.js';

export interface AccountNavProps {
  lang: Lang;
  /** The page's path without /en, with its query if any: where to come back after signing in. */
  path: string;
  /** The signed-in person and a CSRF token for the sign-out form (auth.ts `accountState`), or null. */
  account: { actor: Actor; csrf: string } | null;
}

/**
 * The header's account corner: "Ingresar" for a visitor; the person's name (their account page) and a
 * "Salir" button for a signed-in person. Sign-out is a form (POST with its CSRF token), never a link.
 */
export function AccountNav({ lang, path, account }: AccountNavProps) {
  const m = accountMessages[lang].nav;
  if (!account) {
    // Coming back to the page after signing in, except from the account pages themselves.
    const back = path.startsWith('/cuenta') ? '' : `?volver=${encodeURIComponent(href(lang, path))}`;
    return (
      <a class="account-link" href={`${href(lang, '/cuenta/ingresar')}${back}`}>
        {m.signIn}
      </a>
    );
  }
  return (
    <div class="account-nav">
      <a class="account-link" href={href(lang, '/cuenta')}>
        <span class="visually-hidden">{m.accountOf} </span>
        {account.actor.name}
      </a>
      <form method="post" action={href(lang, '/cuenta/salir')} class="sign-out">
        <input type="hidden" name="_csrf" value={account.csrf} />
        <button type="submit">{m.signOut}</button>
      </form>
    </div>
  );
}

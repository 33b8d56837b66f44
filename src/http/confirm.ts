import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Lang } from '../i18n/lang.js';
import { confirmSubject, type ConfirmTarget } from '../services/workspace/confirm.js';
import type { Store } from '../storage/connect.js';
import { fieldsRefusal, html } from './answers.js';
import { csrfToken } from './auth.js';
import { pageContext } from './bilingual.js';
import { FieldsRefused } from './request-schemas.js';
import { ConfirmPage } from './views/workspace/confirm.js';

/**
 * Confirm steps (issue 20, decision 040): a form that removes something or cannot be undone acts only
 * when it carries `confirm=1`. The page's button posts without it and gets the confirmation page, whose
 * button posts the same address again with it — one click never deletes, and no JavaScript is needed.
 * The JSON API is not asked (a client confirms by calling).
 */
export const CONFIRM_BODY = Type.Object(
  {
    _csrf: Type.Optional(Type.Unknown()),
    confirm: Type.Optional(Type.String({ description: '`1`: confirmed on the confirmation page; without it the page is shown.' })),
  },
  { additionalProperties: false },
);

/** True only for `confirm=1` in a body the schema accepts. */
export function confirmed(req: FastifyRequest): boolean {
  if (req.validationError) return false;
  const body = req.body;
  return typeof body === 'object' && body !== null && (body as Record<string, unknown>).confirm === '1';
}

/** The confirmation page for the action this request posted to; asked of the policy as the action is. */
export async function askToConfirm(store: Store, req: FastifyRequest, reply: FastifyReply, lang: Lang, target: ConfirmTarget) {
  const subject = await confirmSubject(store, req.actor, target, lang);
  // A field the form does not have is refused by name, once the policy has let the person through.
  if (req.validationError instanceof FieldsRefused) throw fieldsRefusal(lang, req.validationError.errors);
  // The language switch goes to the page the action came from: the action's address takes no GET.
  const ctx = pageContext(req, lang, subject.back);
  return html(reply, 200, ConfirmPage({ ctx, csrf: csrfToken(reply), subject, action: req.url.split('?')[0]! }));
}

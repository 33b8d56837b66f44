import type { LightMyRequestResponse } from 'fastify';
import type { SignedIn } from './auth.js';

/** A route that takes a file, as the upload tests send to it. */
export interface UploadRoute {
  url: string;
  who: SignedIn;
  field: string;
  fields: Record<string, string>;
  json: boolean;
}

/**
 * The four routes that keep a file: evidence (form and API, by the commitment's editor) and an alert's
 * attachment (form and API, by civil society — two accounts where a test needs the alerts' daily limit
 * spread over two).
 */
export function uploadRoutes(commitmentId: number, editor: SignedIn, alertForm: SignedIn, alertApi: SignedIn): UploadRoute[] {
  const evidence = { description: 'Acta de la sesión' };
  const alert = { category: 'delay', alertText: 'La actividad 2 no empezó en la fecha prevista.' };
  return [
    { url: `/espacio/compromisos/${commitmentId}/archivos`, who: editor, field: 'file', fields: evidence, json: false },
    { url: `/api/v1/workspace/commitments/${commitmentId}/evidence`, who: editor, field: 'file', fields: evidence, json: true },
    { url: `/compromisos/${commitmentId}/alertas`, who: alertForm, field: 'evidenceFile', fields: alert, json: false },
    { url: `/api/v1/workspace/commitments/${commitmentId}/alerts`, who: alertApi, field: 'evidenceFile', fields: alert, json: true },
  ];
}

/** What a refusal says: the API's error message, or the page's text with its quotes unescaped. */
export function refusalText(route: UploadRoute, res: LightMyRequestResponse): string {
  return route.json
    ? String((res.json() as { error?: { message?: string } }).error?.message)
    : res.body.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"');
}

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { parse } from 'node-html-parser';
import { buildApp } from '../../src/http/app.js';
import type { Store } from '../../src/storage/connect.js';
import type { TestDb } from '../helpers/databases.js';

/** Shared by the account tests: an app on an empty database, accounts with a password, a cookie-keeping visitor. */
export async function emptyApp(db: TestDb): Promise<{ store: Store; app: FastifyInstance }> {
  const store = await db.open();
  const app = await buildApp({ store, cacheCheckEveryMs: 0 });
  return { store, app };
}

export { accountWithPassword, PASSWORD } from '../helpers/auth.js';

export interface SetCookie {
  name: string;
  value: string;
  attributes: string[];
}

export function setCookies(res: LightMyRequestResponse): SetCookie[] {
  const raw = res.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((line) => {
    const [pair, ...attributes] = line.split(';').map((p) => p.trim());
    const i = pair!.indexOf('=');
    return { name: pair!.slice(0, i), value: pair!.slice(i + 1), attributes };
  });
}

/** A browser in miniature: keeps cookies, reads the CSRF token of the last form, posts forms. */
export class Visitor {
  readonly cookies = new Map<string, string>();
  csrf = '';
  html = '';

  constructor(
    private readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of setCookies(res)) {
      const gone = c.attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()));
      if (gone || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    if ((res.headers['content-type'] ?? '').toString().startsWith('text/html')) {
      this.html = res.body;
      const token = parse(res.body).querySelector('input[name="_csrf"]')?.getAttribute('value');
      if (token) this.csrf = token;
    }
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { cookie: this.cookieHeader(), ...headers } }),
    );
  }

  /** Posts a form; the CSRF token of the last page is added unless `_csrf` is given (use null to leave it out). */
  async post(url: string, fields: Record<string, string | null>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    const withToken = { _csrf: this.csrf, ...fields };
    for (const [k, v] of Object.entries(withToken)) if (v !== null) body.set(k, v);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.ip,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: body.toString(),
      }),
    );
  }

  /** Opens the sign-in page and signs in. */
  async signIn(email: string, password: string, volver?: string): Promise<LightMyRequestResponse> {
    await this.get(`/cuenta/ingresar${volver !== undefined ? `?volver=${encodeURIComponent(volver)}` : ''}`);
    const hidden = parse(this.html).querySelector('input[name="volver"]')?.getAttribute('value');
    return this.post('/cuenta/ingresar', { email, password, ...(hidden ? { volver: hidden } : {}) });
  }
}

/** The text of the error summary and of the page's main part, spaces collapsed. */
export function errorSummary(html: string): string {
  const summary = parse(html).querySelector('.error-summary');
  if (!summary) return '';
  return [summary.querySelector('h2')!, ...summary.querySelectorAll('li')].map((e) => e.text.replace(/\s+/g, ' ').trim()).join(' | ');
}

export function mainText(html: string): string {
  return parse(html).querySelector('main')?.text.replace(/\s+/g, ' ').trim() ?? '';
}

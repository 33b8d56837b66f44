import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';

/**
 * A real SMTP server on loopback, in a child process (test/helpers/smtp-server-process.mjs): the app
 * sends through nodemailer to it exactly as it would to a mail provider, and the tests read what arrived.
 */
const SCRIPT = fileURLToPath(new URL('./smtp-server-process.mjs', import.meta.url));

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as it arrived (headers and encoded body). */
  raw: string;
  subject: string;
  /** The plain-text body, decoded. */
  text: string;
}

export interface SmtpServer {
  port: number;
  received: ReceivedMail[];
  /** The next message (after the `after`-th) that matches, or a rejection after `timeoutMs`. */
  waitFor(match?: (m: ReceivedMail) => boolean, options?: { after?: number; timeoutMs?: number }): Promise<ReceivedMail>;
  /** The environment that makes the app send through this server. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** `listenOn`: listen on that port (a server that was down comes up at the address the app sends to); any free port by default. */
export async function startSmtpServer(listenOn?: number): Promise<SmtpServer> {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, ...(listenOn ? [String(listenOn)] : [])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the SMTP server process ended (${code}) before listening`)));
    lines.on('line', (line) => {
      const data = JSON.parse(line) as { port?: number; from?: string; to?: string[]; raw?: string };
      if (data.port) return resolve(data.port);
      received.push(parseMail(data.from ?? '', data.to ?? [], data.raw ?? ''));
      for (const w of waiters) w();
    });
  });
  return {
    port,
    received,
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_SECURE: 'false', SMTP_FROM: 'Vigía <vigia@example.test>' },
    waitFor(match = () => true, { after = 0, timeoutMs = 10_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.slice(after).find(match);
          if (!found) return false;
          waiters.delete(onMail);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const onMail = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(onMail);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        waiters.add(onMail);
        check();
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Just enough MIME for what nodemailer sends: one text part, quoted-printable or base64, encoded-word subjects. */
function parseMail(from: string, to: string[], raw: string): ReceivedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body;
  return { from, to, raw, subject: decodeWords(header('Subject')), text: text.replace(/\r\n/g, '\n') };
}

function decodeQuotedPrintable(s: string): string {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, kind: string, data: string) =>
      kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

/**
 * For a describe block: a real SMTP server started before its tests, the app's mail environment
 * (SMTP_*, PUBLIC_URL) pointed at it, and both undone after. Read `.server` inside the tests.
 */
export function smtpForSuite(publicUrl: string): { readonly server: SmtpServer } {
  let smtp: SmtpServer | undefined;
  const saved: Record<string, string | undefined> = {};
  before(async () => {
    smtp = await startSmtpServer();
    for (const [k, v] of Object.entries({ ...smtp.env, PUBLIC_URL: publicUrl })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await smtp?.stop();
  });
  return {
    get server() {
      if (!smtp) throw new Error('smtpForSuite: the SMTP server is not started yet (read .server inside a test)');
      return smtp;
    },
  };
}

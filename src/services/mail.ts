import { AppError } from '../errors.js';
import { accountMessages } from '../i18n/accounts.js';
import type { Lang } from '../i18n/lang.js';

/**
 * Mail goes out through SMTP, set by SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_SECURE
 * (true: TLS from the first byte, port 465 by default; false: STARTTLS when the server offers it,
 * port 587 by default) and SMTP_FROM. Without SMTP_HOST nothing is sent: the message is written to
 * standard error, so a small installation (or a developer) can still copy the link from the log.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The recipient's language: says in which language the log line is written when there is no SMTP. */
  lang: Lang;
  /** A Message-ID chosen before the first attempt (the outbox's), so a message sent twice is the same message. */
  messageId?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
}

type Env = Record<string, string | undefined>;

/** The site's host name from PUBLIC_URL (for Message-IDs and the default sender), localhost without one. */
export function siteHost(env: Env = process.env): string {
  try {
    return new URL(env.PUBLIC_URL ?? '').hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

/** The SMTP settings, or null when SMTP_HOST is not set. Bad values are refused naming the variable. */
export function smtpSettings(env: Env = process.env): SmtpSettings | null {
  const host = env.SMTP_HOST?.trim();
  if (!host) return null;
  const secureText = (env.SMTP_SECURE ?? 'false').trim().toLowerCase();
  if (secureText !== 'true' && secureText !== 'false')
    throw new AppError('invalid_input', { field: 'SMTP_SECURE', value: env.SMTP_SECURE });
  const secure = secureText === 'true';
  const portText = env.SMTP_PORT?.trim();
  const port = portText ? Number(portText) : secure ? 465 : 587;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new AppError('invalid_input', { field: 'SMTP_PORT', value: portText });
  return {
    host,
    port,
    secure,
    user: env.SMTP_USER?.trim() || null,
    password: env.SMTP_PASSWORD ?? null,
    from: env.SMTP_FROM?.trim() || `Vigía <no-reply@${siteHost(env)}>`,
  };
}

export interface SendOptions {
  env?: Env;
  /** Where a message goes when there is no SMTP server (standard error by default). */
  log?: (text: string) => void;
}

/** Sends one message; says how. Fails (rejects) when the SMTP server cannot be reached or refuses it. */
export async function sendMail(message: MailMessage, options: SendOptions = {}): Promise<'smtp' | 'log'> {
  const settings = smtpSettings(options.env ?? process.env);
  if (!settings) {
    const log = options.log ?? ((t: string) => process.stderr.write(`${t}\n`));
    log(
      [`── ${accountMessages[message.lang].mail.logged}`, `To: ${message.to}`, `Subject: ${message.subject}`, '', message.text, '──'].join(
        '\n',
      ),
    );
    return 'log';
  }
  // nodemailer only when a message goes to an SMTP server, not at every start (docs/performance.md, memory).
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    // A mail server that does not answer must not keep a request (or a command) waiting for minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    await transport.sendMail({
      from: settings.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.messageId ? { messageId: message.messageId } : {}),
      ...(message.headers ? { headers: message.headers } : {}),
    });
  } finally {
    transport.close();
  }
  return 'smtp';
}

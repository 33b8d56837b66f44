/**
 * One error type with stable codes. The code and its params travel from the domain to the edges;
 * the words are chosen there, in the reader's language (see i18n/messages).
 */
export const ERROR_STATUS = {
  not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  conflict: 409,
  round_closed: 409,
  round_not_ready: 409,
  evidence_cited: 409,
  no_plans: 404,
  invalid_input: 400,
  // Too many posts from one account, address or IP (services/abuse.ts).
  rate_limited: 429,
  // A body with more fields, nesting or longer names than any form sends (http/body-limits.ts).
  body_over_limit: 413,
  consultation_closed: 409,
  // Closing early a consultation that is not open (params: state upcoming | ended | closed-early, date).
  consultation_not_open: 409,
  edit_window_over: 409,
  // A comment already answered is no longer its author's to change.
  comment_answered: 409,
  // The synthesis as a file, asked for before the consultation closed.
  synthesis_not_final: 409,
  report_empty: 422,
  report_binary: 422,
  report_pdf: 422,
  report_docx: 422,
  report_docx_invalid: 422,
  report_not_a_report: 422,
  file_unreadable: 400,
  government_unknown: 422,
  port_in_use: 503,
  database_unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorParams = Record<string, string | number | undefined>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly fields: Record<string, string> | undefined;

  constructor(code: ErrorCode, params: ErrorParams = {}, fields?: Record<string, string>) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.fields = fields;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * What a reader found that disagrees inside a document. Each names the commitment (where there is one),
 * the line, and both values; the words are chosen at the edges (i18n), so a warning is data.
 */
export const WARNING_CODES = [
  'level_mismatch',
  'summary_count_mismatch',
  'summary_percent_mismatch',
  'summary_rows_mismatch',
  'missing_ficha',
  'missing_from_table',
  'no_level_mark',
  'multiple_level_marks',
  'level_unreadable',
  'unknown_label',
  'missing_field',
  'title_mismatch',
  'duplicate_commitment',
  'unknown_level_text',
  'theme_mismatch',
  'no_comparison_table',
  'activity_numbering_gap',
  'footnote_unclosed',
  'no_theme',
  'evidence_reference_unread',
  'complete_without_evidence',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface ImportWarning {
  code: WarningCode;
  /** The commitment's number in the plan, when the warning is about one. */
  commitment: number | null;
  line: number | null;
  params: Record<string, string | number>;
}

export function warning(
  code: WarningCode,
  commitment: number | null,
  line: number | null,
  params: ImportWarning['params'] = {},
): ImportWarning {
  return { code, commitment, line, params };
}

/**
 * What every spreadsheet download does to a cell's text (export/cells.ts), and what a reader of our own
 * downloads undoes (import/ogp-csv). A text that a spreadsheet would read as a formula —
 * one starting with = + - @, a tab or a carriage return (OWASP's "CSV injection" list), or their
 * full-width forms, which some spreadsheets fold to the ASCII ones — gets a single quote in front, so
 * "=HYPERLINK(…)" typed into a report stays text. Numbers stored as numbers are never touched, so a
 * negative number stays a number; a negative number stored as text ("-5") does get the quote.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The inverse, for a reader of our own downloads: "'-text" → "-text" (a quote before anything else stays). */
export function restoreFormulaText(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

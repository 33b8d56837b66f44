import { squish } from '../lib/text.js';

/**
 * A lead agency as a ficha writes it — "Presidencia del Consejo de Ministros, a través de la Secretaría
 * de Gestión Pública", "Organismo Supervisor de las Contrataciones del Estado - OSCE" — split into the
 * agency (a record of its own) and the detail that only this commitment needs. Pure.
 */
export interface AgencyName {
  name: string;
  acronym: string | null;
  /** What the text says beyond the agency: the unit in charge, the ministry it reports to. */
  detail: string | null;
}

const ACRONYM = '[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9]{1,9}';

export function splitAgency(asWritten: string): AgencyName {
  let text = squish(asWritten).replace(/[.;]+$/, '');
  let acronym: string | null = null;
  let detail: string | null = null;

  // ", a través de la …", ", adscrita al …": the agency is what comes before.
  const via = /,?\s+(a\s+trav[eé]s\s+del?|adscrit[ao]s?\s+al?|through|via)\s+/i.exec(text);
  if (via && via.index > 0) {
    detail = text.slice(via.index).replace(/^,\s*/, '').trim();
    text = text.slice(0, via.index).trim();
  }
  // "(Comisión EITI por sus siglas en inglés)": an acronym in parentheses.
  const paren = /\s*\(([^)]*)\)\s*$/.exec(text);
  if (paren) {
    const acr = new RegExp(`\\b${ACRONYM}\\b`).exec(paren[1]!);
    if (acr) acronym = acr[0];
    text = text.slice(0, paren.index).trim();
  }
  // "… del Estado - OSCE", "…Minas-MINEM": a trailing acronym after a dash.
  const dashAcr = new RegExp(`\\s*[-–—]\\s*(${ACRONYM})\\s*-?$`).exec(text);
  if (dashAcr && !acronym) {
    acronym = dashAcr[1]!;
    text = text.slice(0, dashAcr.index).trim();
  }
  // "Poder Judicial – Corte Suprema de Justicia": the part after a spaced dash names the unit.
  const unit = /\s+[–—-]\s+/.exec(text);
  if (unit) {
    const rest = text.slice(unit.index + unit[0].length).trim();
    detail = detail ? `${rest}, ${detail}` : rest;
    text = text.slice(0, unit.index).trim();
  }
  return { name: text, acronym, detail };
}

const MAX_AGENCY_NAME = 500;

/** Looks in a document for the acronym it gives an agency: "Ministerio de Desarrollo e Inclusión Social (MIDIS)", "… –MIDIS". */
export function findAcronym(document: string, agencyName: string): string | null {
  // No agency's name is this long; a damaged cell may be (a whole page on one line), and a pattern made
  // of it would be larger than the regular-expression engine takes (a SyntaxError, not a refusal).
  if (agencyName.length > MAX_AGENCY_NAME) return null;
  const escaped = agencyName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const re = new RegExp(`${escaped}\\s*(?:\\(\\s*(${ACRONYM})\\s*\\)|[-–—]\\s*(${ACRONYM})\\b)`, 'u');
  const m = re.exec(document);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

import { foldKey } from '../lib/text.js';
import { splitAgency } from './agencies.js';

/**
 * The agency a lead institution names, among the ones a government already has (issue 19): the same body
 * written "Organismo Supervisor de las Contrataciones del Estado", "… del Estado - OSCE", "… (OSCE)",
 * "OSCE" or without its accents is one agency, not a second copy its editors cannot reach. Pure.
 */
export interface AgencyKey {
  name: string;
  acronym: string | null;
}

interface Keys {
  names: Set<string>;
  acronyms: Set<string>;
}

/** A name folded (case, accents, punctuation); a name in the "Name - ACRONYM" / "Name (ACRONYM)" forms gives both. */
function keysOf(a: AgencyKey): Keys {
  const names = new Set([foldKey(a.name)]);
  const acronyms = new Set<string>();
  if (a.acronym) acronyms.add(foldKey(a.acronym));
  const split = splitAgency(a.name);
  if (split.acronym) {
    names.add(foldKey(split.name));
    acronyms.add(foldKey(split.acronym));
  }
  names.delete('');
  acronyms.delete('');
  return { names, acronyms };
}

const meets = (a: Set<string>, b: Set<string>) => [...a].some((x) => b.has(x));

/**
 * The first agency of the same name; else the first of the same acronym (or whose acronym is the name
 * given). `byAcronym: false` when the name is an agency's own (Vigía's export names the record): two
 * records that share an acronym stay two, as they were.
 */
export function findSameAgency<T extends AgencyKey>(wanted: AgencyKey, agencies: readonly T[], byAcronym = true): T | undefined {
  const w = keysOf(wanted);
  const keyed = agencies.map((a) => ({ a, k: keysOf(a) }));
  const named = keyed.find(({ k }) => meets(k.names, w.names))?.a;
  if (named || !byAcronym) return named;
  return keyed.find(({ k }) => meets(k.acronyms, w.acronyms) || meets(k.acronyms, w.names) || meets(k.names, w.acronyms))?.a;
}

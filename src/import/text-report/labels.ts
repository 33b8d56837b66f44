import { foldKey } from '../../lib/text.js';

/** The fields of the OGP commitment template, in the template's order. */
export const FICHA_FIELDS = [
  'leadAgency',
  'contactName',
  'contactPosition',
  'contactEmail',
  'contactPhone',
  'otherActors',
  'otherActorsGovernment',
  'otherActorsCivilSociety',
  'problem',
  'objective',
  'description',
  'relevance',
  'ambition',
  'startDate',
  'endDate',
  'completion',
  'results',
  'nextSteps',
  'additionalInfo',
  // Not in OGP's template: Vigía's report writes them after the results (issue 20); last here, so that a
  // blank label is still taken for a template field first.
  'reasons',
  'citedEvidence',
] as const;
export type FichaField = (typeof FICHA_FIELDS)[number];

/** Fields whose value is one short cell; a second value after a blank cell is the next field, whose label is missing. */
export const SINGLE_VALUE_FIELDS: ReadonlySet<FichaField> = new Set([
  'leadAgency',
  'contactName',
  'contactPosition',
  'contactEmail',
  'contactPhone',
  'startDate',
  'endDate',
]);

/** Fields every ficha of the template has; a ficha without one gets a warning. */
export const REQUIRED_FIELDS: readonly FichaField[] = [
  'leadAgency',
  'contactName',
  'contactPosition',
  'contactEmail',
  'contactPhone',
  'problem',
  'objective',
  'description',
  'completion',
  'results',
];

/** The labels of the Spanish and English templates, as foldKey writes them. */
const SPELLINGS: Record<FichaField, string[]> = {
  leadAgency: [
    'secretaria ministerio responsable',
    'ministerio responsable',
    'entidad responsable',
    'institucion responsable',
    'organismo responsable',
    'lead implementing agency',
    'lead implementing agency actor',
  ],
  contactName: [
    'nombre de la persona responsable',
    'persona responsable',
    'nombre del responsable',
    'name of responsible person',
    'name of responsible person from implementing agency',
  ],
  contactPosition: ['puesto', 'cargo', 'title department', 'position', 'title'],
  contactEmail: ['correo electronico', 'correo', 'email', 'e mail'],
  contactPhone: ['telefono', 'phone', 'telephone'],
  otherActors: ['otros actores involucrados', 'other actors involved'],
  otherActorsGovernment: ['gobierno', 'state actors involved', 'government'],
  otherActorsCivilSociety: [
    'sociedad civil iniciativa privada grupos de trabajo o multilaterales',
    'sociedad civil iniciativa privada multilaterales grupos de trabajo',
    'osc sector privado multilaterales grupos de trabajo',
    'csos private sector multilaterals working groups',
    'civil society private sector working groups multilaterals',
  ],
  problem: [
    'status quo o problema desafio que sera atendido',
    'status quo o problema que sera atendido',
    'problema',
    'status quo or problem addressed',
    'status quo or problem issue to be addressed',
    'what is the public problem that the commitment will address',
  ],
  objective: ['objetivo principal', 'main objective'],
  description: [
    'breve descripcion del compromiso',
    'descripcion del compromiso',
    'brief description of commitment',
    'brief description of the commitment',
  ],
  relevance: ['relevancia', 'relevance'],
  ambition: ['ambicion', 'ambition'],
  startDate: ['fecha de inicio', 'start date'],
  endDate: ['fecha de termino', 'fecha de finalizacion', 'fecha de fin', 'end date'],
  completion: ['cumplimiento', 'nivel de cumplimiento', 'completion', 'level of completion'],
  results: ['descripcion de los resultados', 'descripcion de resultados', 'resultados', 'description of results', 'results'],
  nextSteps: ['siguientes pasos', 'proximos pasos', 'next steps'],
  additionalInfo: ['informacion adicional', 'additional information'],
  reasons: ['razones', 'reasons'],
  citedEvidence: ['evidencia citada', 'cited evidence'],
};

const BY_SPELLING = new Map<string, FichaField>();
for (const field of FICHA_FIELDS) for (const s of SPELLINGS[field]) BY_SPELLING.set(s, field);

/** The template field a label cell names, or null. Context-free except for the two "other actors" groups. */
export function fieldForLabel(text: string): FichaField | null {
  return BY_SPELLING.get(foldKey(text)) ?? null;
}

/** "Compromiso 1. Modificación de …", "Compromiso 8: …", "Commitment 3 – …" */
export const COMMITMENT_RE = /^(?:compromiso|commitment)\s*(?:n[°º.]?\s*)?(\d{1,3})\s*(?:[.:\-–—)]\s*|\s+)([\s\S]*)$/i;

/** "Componente: Participación Ciudadana", "Tema: …", "Theme: …" */
export const THEME_CELL_RE = /^(?:componente|tema|eje(?:\s+tem[aá]tico)?|theme|component|pillar)\s*\d*\s*[:.\-–]\s*([\s\S]+)$/i;

/** "Tema 2: Participación ciudadana" as a heading in the body. */
export const THEME_HEADING_RE = /^\s*(?:tema|eje|componente|theme|component)\s+(\d{1,2})\s*[:.\-–]\s*(\S.*)$/i;

/** Marks that say "this column" in the completion row. */
export function isMark(text: string): boolean {
  return /^[xX✓✔√•●■☒]$/.test(text.trim());
}

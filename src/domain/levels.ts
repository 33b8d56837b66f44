import { foldKey } from '../lib/text.js';

/** The OGP completion scale, in order. Never derived from a percentage. */
export const LEVELS = ['not-started', 'limited', 'substantial', 'complete'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * The scale's names, as reports and OGP write them in each of the two languages reports come in: what
 * the readers of import/ word their findings with, and the pages show. Data of the domain like the
 * spellings below that read them back — not interface words (those are i18n/'s).
 */
type ReportLanguage = 'es' | 'en';

const LABELS: Record<ReportLanguage, Record<Level, string>> = {
  es: { 'not-started': 'No iniciado', limited: 'Limitado', substantial: 'Sustancial', complete: 'Completo' },
  en: { 'not-started': 'Not started', limited: 'Limited', substantial: 'Substantial', complete: 'Complete' },
};

/** Words reports use for each level, folded (see foldKey). */
const SPELLINGS: Record<string, Level> = {
  'no iniciado': 'not-started',
  'no iniciada': 'not-started',
  'sin iniciar': 'not-started',
  'not started': 'not-started',
  limitado: 'limited',
  limitada: 'limited',
  limited: 'limited',
  sustancial: 'substantial',
  substantial: 'substantial',
  completo: 'complete',
  completado: 'complete',
  completa: 'complete',
  complete: 'complete',
  completed: 'complete',
};

export function levelLabel(level: Level, lang: ReportLanguage): string {
  return LABELS[lang][level];
}

/** Reads a level written in words (Spanish or English, any case or accents); null when it is not one. */
export function parseLevel(text: string): Level | null {
  return SPELLINGS[foldKey(text)] ?? null;
}

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

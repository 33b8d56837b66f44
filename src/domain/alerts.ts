import type { FieldRule } from './input.js';
import { answeredWithin } from './working-days.js';

/**
 * Civil-society alerts (issue 7): what an alert may say, and the share answered within the deadline
 * ("432 de 538" in the seed: of every alert received, how many had their answer by the deadline day).
 * Pure.
 */
export const ALERT_CATEGORIES = ['delay', 'quality', 'access', 'other'] as const;
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

export const RAISE_RULES: Record<string, FieldRule> = {
  category: { type: 'choice', required: true, values: ALERT_CATEGORIES },
  alertText: { type: 'text', required: true, max: 4000, multiline: true },
  evidenceUrl: { type: 'text', max: 2000 },
  activityId: { type: 'int', min: 1, max: 2_147_483_647 },
};

export const ANSWER_RULES: Record<string, FieldRule> = {
  answerText: { type: 'text', required: true, max: 4000, multiline: true },
};

export const ALERT_SETTINGS_RULES: Record<string, FieldRule> = {
  workingDays: { type: 'int', required: true, min: 1, max: 90 },
};

export const HOLIDAY_RULES: Record<string, FieldRule> = {
  holidayDate: { type: 'date', required: true },
  holidayName: { type: 'text', required: true, max: 200 },
};

export interface AlertOutcome {
  deadline: string;
  answeredOn: string | null;
}

/** Answered, and on or before its deadline day. */
export function isAnsweredWithin(a: AlertOutcome): boolean {
  return a.answeredOn !== null && answeredWithin(a.deadline, a.answeredOn);
}

export interface Share {
  within: number;
  total: number;
}

/** Of the alerts given, how many were answered within their deadline. */
export function shareWithin(alerts: readonly AlertOutcome[]): Share {
  return { within: alerts.filter(isAnsweredWithin).length, total: alerts.length };
}

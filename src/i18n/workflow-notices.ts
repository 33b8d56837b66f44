import { formatDate } from './format.js';
import type { Lang } from './lang.js';

/**
 * Workflow notices (issue 20): an assessment returned to its agency with the coordination's comment, one
 * sent to the coordination, a round published for the reviewers — as a message at once, on the
 * workspace's first page, and the returned comment in the daily digest; the account page's choice.
 * Spanish first; English has the same keys (the type says so).
 */
const quote = (s: string) => `«${s}»`;
const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `  > ${l}`)
    .join('\n');

interface Mail {
  subject: string;
  text: string;
}

const es = {
  mail: {
    greeting: (name: string) => `Hola, ${name}:`,
    returned: (p: { number: number; title: string; round: string; comment: string; link: string }): Mail => ({
      subject: `Vigía: le devolvieron la evaluación del compromiso ${p.number}`,
      text: [
        `La coordinación le devolvió la evaluación del compromiso ${p.number} ${quote(p.title)} (${p.round}) para que la corrija. Su comentario:`,
        '',
        indent(p.comment),
        '',
        'Corríjala y envíela otra vez:',
        p.link,
      ].join('\n'),
    }),
    submitted: (p: { number: number; title: string; round: string; by: string; link: string }): Mail => ({
      subject: `Vigía: la evaluación del compromiso ${p.number} espera su decisión`,
      text: [
        `${p.by} envió la evaluación del compromiso ${p.number} ${quote(p.title)} (${p.round}). Espera que la apruebe o la devuelva:`,
        p.link,
      ].join('\n'),
    }),
    published: (p: { round: string; plan: string; link: string }): Mail => ({
      subject: `Vigía: se publicó la evaluación ${quote(p.round)}`,
      text: [`Se publicó la evaluación ${quote(p.round)} del plan ${quote(p.plan)}. Ya es pública:`, p.link].join('\n'),
    }),
    footer: (settings: string) => `Recibe este aviso por su cuenta en Vigía. Sus preferencias: ${settings}`,
  },
  digestComment: (comment: string) => `  Comentario de la coordinación: ${quote(comment)}`,
  home: {
    returnedTitle: 'Devueltas para corregir',
    returnedItem: (round: string, date: string | null) => `${round}${date ? `, devuelta el ${formatDate(date, 'es')}` : ''}`,
    comment: 'Comentario de la coordinación:',
    submittedTitle: 'Enviadas para su decisión',
    submittedItem: (round: string, by: string | null, date: string | null) =>
      `${round}${by ? `, enviada por ${by}` : ''}${date ? ` el ${formatDate(date, 'es')}` : ''}`,
  },
  settings: {
    heading: 'Avisos de las evaluaciones',
    atOnce: 'Recibe un correo en cuanto le devuelven una evaluación o le envían una para decidir, además del resumen diario que las lista.',
    digestOnly: 'Las evaluaciones devueltas o enviadas para decidir le llegan en el resumen diario y se ven en su espacio de trabajo.',
    turnOn: 'Avisarme al momento',
    turnOff: 'Solo en el resumen diario',
    savedOn: 'Listo: le avisaremos al momento.',
    savedOff: 'Listo: solo en el resumen diario.',
    field: 'avisos de las evaluaciones',
  },
};

type WorkflowMessages = typeof es;

const en: WorkflowMessages = {
  mail: {
    greeting: (name) => `Hello ${name},`,
    returned: (p) => ({
      subject: `Vigía: the assessment of commitment ${p.number} was returned to you`,
      text: [
        `The coordination returned the assessment of commitment ${p.number} ${quote(p.title)} (${p.round}) for you to correct. Its comment:`,
        '',
        indent(p.comment),
        '',
        'Correct it and submit it again:',
        p.link,
      ].join('\n'),
    }),
    submitted: (p) => ({
      subject: `Vigía: the assessment of commitment ${p.number} awaits your decision`,
      text: [
        `${p.by} submitted the assessment of commitment ${p.number} ${quote(p.title)} (${p.round}). It awaits your approval or return:`,
        p.link,
      ].join('\n'),
    }),
    published: (p) => ({
      subject: `Vigía: the assessment ${quote(p.round)} was published`,
      text: [`The assessment ${quote(p.round)} of the plan ${quote(p.plan)} was published. It is public now:`, p.link].join('\n'),
    }),
    footer: (settings) => `You receive this notice through your Vigía account. Your preferences: ${settings}`,
  },
  digestComment: (comment) => `  The coordination's comment: ${quote(comment)}`,
  home: {
    returnedTitle: 'Returned for correction',
    returnedItem: (round, date) => `${round}${date ? `, returned on ${formatDate(date, 'en')}` : ''}`,
    comment: 'The coordination’s comment:',
    submittedTitle: 'Submitted for your decision',
    submittedItem: (round, by, date) => `${round}${by ? `, submitted by ${by}` : ''}${date ? ` on ${formatDate(date, 'en')}` : ''}`,
  },
  settings: {
    heading: 'Assessment notices',
    atOnce:
      'You get an e-mail as soon as an assessment is returned to you or sent to you for a decision, besides the daily summary that lists them.',
    digestOnly: 'Assessments returned to you or sent for your decision come in the daily summary and show in your workspace.',
    turnOn: 'Tell me at once',
    turnOff: 'Only in the daily summary',
    savedOn: 'Done: we will tell you at once.',
    savedOff: 'Done: only in the daily summary.',
    field: 'assessment notices',
  },
};

export const workflowMessages: Record<Lang, WorkflowMessages> = { es, en };

import type { Lang } from './lang.js';

/**
 * The confirmation page (issue 20) shown before an action that removes something or cannot be undone:
 * what is about to happen to which thing, the button that does it and the way back. Spanish first;
 * English has the same keys (the type says so).
 */
export type ConfirmKind =
  'publish-round' | 'evidence' | 'source' | 'activity' | 'theme' | 'plan-holiday' | 'government-holiday' | 'account';

interface KindWords {
  heading: string;
  /** What happens, about the thing named (`name`) and where it is (`within`). */
  what: (name: string, within: string) => string;
  submit: string;
}

const es = {
  eyebrow: 'Confirmar',
  cancel: 'Volver sin hacer nada',
  kinds: {
    'publish-round': {
      heading: '¿Publicar la evaluación?',
      what: (name, within) =>
        `«${name}» de ${within} quedará visible para todos, en sus páginas, sus datos y su informe. Publicarla no se puede deshacer: después solo se corrige con una nota pública que dice qué cambió y por qué.`,
      submit: 'Sí, publicar',
    },
    evidence: {
      heading: '¿Quitar esta evidencia?',
      what: (name, within) =>
        `«${name}» se quitará del compromiso ${within}, y de las evaluaciones en borrador o devueltas que la citan. El historial conserva lo que decía y quién la quitó.`,
      submit: 'Sí, quitar la evidencia',
    },
    source: {
      heading: '¿Quitar esta fuente?',
      what: (name, within) => `«${name}» se quitará del compromiso ${within}. El historial conserva lo que decía y quién la quitó.`,
      submit: 'Sí, quitar la fuente',
    },
    activity: {
      heading: '¿Eliminar esta actividad?',
      what: (name, within) =>
        `«${name}» se eliminará del compromiso ${within}. Sus evidencias, fuentes e indicadores se quedan en el compromiso. El historial conserva lo que decía y quién la eliminó.`,
      submit: 'Sí, eliminar la actividad',
    },
    theme: {
      heading: '¿Eliminar este eje?',
      what: (name, within) => `El eje «${name}» se eliminará de ${within}. El historial conserva lo que decía y quién lo eliminó.`,
      submit: 'Sí, eliminar el eje',
    },
    'plan-holiday': {
      heading: '¿Quitar este feriado?',
      what: (name, within) =>
        `El feriado ${name} se quitará del calendario de ${within}: los plazos de respuesta de las alertas que se levanten desde ahora lo contarán como día hábil.`,
      submit: 'Sí, quitar el feriado',
    },
    'government-holiday': {
      heading: '¿Quitar este feriado?',
      what: (name, within) =>
        `El feriado ${name} se quitará del calendario de ${within}: los plazos de respuesta de las alertas que se levanten desde ahora lo contarán como día hábil.`,
      submit: 'Sí, quitar el feriado',
    },
    account: {
      heading: '¿Desactivar esta cuenta?',
      what: (name) =>
        `La cuenta ${name} se desactivará: sus sesiones se cierran y no podrá volver a entrar. Lo que hizo se conserva en el historial.`,
      submit: 'Sí, desactivar',
    },
  } satisfies Record<ConfirmKind, KindWords>,
};

type ConfirmMessages = typeof es;

const en: ConfirmMessages = {
  eyebrow: 'Confirm',
  cancel: 'Go back without doing anything',
  kinds: {
    'publish-round': {
      heading: 'Publish the assessment?',
      what: (name, within) =>
        `“${name}” of ${within} will be visible to everyone, on its pages, in its data and in its report. Publishing cannot be undone: afterwards it can only be corrected with a public note saying what changed and why.`,
      submit: 'Yes, publish',
    },
    evidence: {
      heading: 'Remove this evidence?',
      what: (name, within) =>
        `“${name}” will be removed from commitment ${within}, and from the draft or returned assessments that cite it. The history keeps what it said and who removed it.`,
      submit: 'Yes, remove the evidence',
    },
    source: {
      heading: 'Remove this source?',
      what: (name, within) => `“${name}” will be removed from commitment ${within}. The history keeps what it said and who removed it.`,
      submit: 'Yes, remove the source',
    },
    activity: {
      heading: 'Delete this activity?',
      what: (name, within) =>
        `“${name}” will be deleted from commitment ${within}. Its evidence, sources and indicators stay on the commitment. The history keeps what it said and who deleted it.`,
      submit: 'Yes, delete the activity',
    },
    theme: {
      heading: 'Delete this theme?',
      what: (name, within) => `The theme “${name}” will be deleted from ${within}. The history keeps what it said and who deleted it.`,
      submit: 'Yes, delete the theme',
    },
    'plan-holiday': {
      heading: 'Remove this holiday?',
      what: (name, within) =>
        `The holiday ${name} will be removed from the calendar of ${within}: the answer deadlines of alerts raised from now on will count it as a working day.`,
      submit: 'Yes, remove the holiday',
    },
    'government-holiday': {
      heading: 'Remove this holiday?',
      what: (name, within) =>
        `The holiday ${name} will be removed from the calendar of ${within}: the answer deadlines of alerts raised from now on will count it as a working day.`,
      submit: 'Yes, remove the holiday',
    },
    account: {
      heading: 'Disable this account?',
      what: (name) =>
        `The account ${name} will be disabled: its sessions end and it cannot sign in again. What it did stays in the history.`,
      submit: 'Yes, disable',
    },
  },
};

export const confirmMessages: Record<Lang, ConfirmMessages> = { es, en };

/**
 * Words of the draft shown on a consultation's page and of participation's public API operations
 * (issue 7), in Spanish and English (the type makes both have every key). The ficha's field names
 * come from the report's own labels (i18n es.ts/en.ts `fields`).
 */
const es = {
  draft: {
    intro:
      'Este es el borrador tal como está ahora: no es la versión publicada y puede cambiar con los comentarios. Cada bloque tiene su enlace para comentar sobre él.',
    label: 'Borrador en consulta',
    upcoming: (date: string) => `El borrador se mostrará aquí cuando se abra la consulta, el ${date}.`,
    roundLabel: (round: string) => `Borrador de «${round}»`,
    noAssessment: 'La entidad aún no escribió su evaluación en este borrador.',
    publishedPage: 'Página del compromiso (versión publicada)',
    comment: 'Comentar sobre esto',
    commentsAbout: (n: number) =>
      n === 0 ? 'Sin comentarios sobre esto todavía.' : n === 1 ? '1 comentario sobre esto.' : `${n} comentarios sobre esto.`,
    emptySection: 'Sección sin texto.',
  },
  apiOps: {
    getPlanCocreation:
      'La cocreación de un plan: el embudo (propuestas → candidatos → priorizados → aprobados), los talleres, los compromisos candidatos con su puntaje SMART y su lugar, y los compromisos aprobados con las propuestas de las que vienen.',
    getProposal:
      'Una propuesta y qué fue de ella (pendiente, agrupada en un candidato, priorizada, aprobada como compromiso o descartada). Nunca la dirección de quien la envió.',
    getPlanForum:
      'El foro multiactor de un plan: sus organizaciones miembro (sector, desde, hasta) y sus sesiones (fecha, agenda, acta, acuerdos).',
    listPlanConsultations:
      'Las consultas públicas de un plan: su estado en el día de hoy, sus fechas y cuántos comentarios tienen (visibles, ocultados, respondidos).',
    listConsultationComments:
      'Todos los comentarios de una consulta para moderarlos (la coordinación del plan): también los ocultados, con su texto y su motivo, y las respuestas.',
  },
};

type Messages = {
  [K in keyof typeof es]: { [L in keyof (typeof es)[K]]: (typeof es)[K][L] extends (...a: infer A) => infer R ? (...a: A) => R : string };
};

const en: Messages = {
  draft: {
    intro:
      'This is the draft as it stands now: it is not the published version and may change with the comments. Each block has its own link to comment on it.',
    label: 'Draft under consultation',
    upcoming: (date) => `The draft will be shown here when the consultation opens, on ${date}.`,
    roundLabel: (round) => `Draft of "${round}"`,
    noAssessment: 'The agency has not written its assessment in this draft yet.',
    publishedPage: "The commitment's page (published version)",
    comment: 'Comment on this',
    commentsAbout: (n) => (n === 0 ? 'No comments on this yet.' : n === 1 ? '1 comment on this.' : `${n} comments on this.`),
    emptySection: 'Section without text.',
  },
  apiOps: {
    getPlanCocreation:
      "A plan's co-creation: the funnel (proposals → candidates → prioritised → approved), the workshops, the candidate commitments with their SMART scores and rank, and the approved commitments with the proposals they came from.",
    getProposal:
      "A proposal and what became of it (pending, grouped into a candidate, prioritised, approved as a commitment, or set aside). Never the sender's address.",
    getPlanForum:
      "A plan's multistakeholder forum: its member organisations (sector, from, until) and its meetings (date, agenda, minutes, agreements).",
    listPlanConsultations:
      "A plan's public consultations: their status today, their dates and how many comments they have (visible, hidden, answered).",
    listConsultationComments:
      "Every comment of a consultation, for moderation (the plan's coordinators): hidden ones too, with their text and reason, and the answers.",
  },
};

export const participationPublicMessages = { es, en };

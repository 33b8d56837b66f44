import type { CommentAnswer, ConsultationStatus, ConsultationTarget } from '../domain/consultation.js';

/** Public consultation's words (issue 7), in Spanish and English (the type makes both have every key). */
const es = {
  labels: {
    title: 'Título de la consulta',
    roundId: 'Borrador',
    startsOn: 'Fecha de inicio',
    endsOn: 'Fecha de cierre',
    target: 'Sobre qué comenta',
    name: 'Nombre que se mostrará',
    body: 'Comentario',
    email: 'Correo electrónico',
    reason: 'Motivo',
    answer: 'Respuesta',
    changes: 'Qué cambió en el borrador',
  } as Record<string, string>,
  status: { upcoming: 'Aún no abierta', open: 'Abierta', closed: 'Cerrada' } satisfies Record<ConsultationStatus, string>,
  answers: { accepted: 'Aceptado', partly: 'Aceptado en parte', 'not-accepted': 'No aceptado' } satisfies Record<CommentAnswer, string>,
  targets: { draft: 'Todo el borrador', commitment: 'Compromiso', section: 'Sección' } satisfies Record<ConsultationTarget, string>,
  mail: {
    subject: (title: string) => `Vigía: su enlace para comentar en «${title}»`,
    text: (title: string, plan: string, link: string, endsOn: string) =>
      [
        'Hola:',
        '',
        `Alguien (esperamos que usted) pidió comentar en la consulta pública «${title}» del plan «${plan}».`,
        '',
        'Para confirmar su dirección y comentar, abra este enlace:',
        link,
        '',
        `El enlace sirve hasta el cierre de la consulta (${endsOn}). Si usted no lo pidió, ignore este correo.`,
      ].join('\n'),
  },
  apiOps: {
    openConsultation: 'Abre una consulta pública sobre un borrador del plan (coordinación): título, fechas de inicio y cierre (ambos días incluidos) y, si es una evaluación, «roundId».',
    getConsultation: 'Una consulta pública: su estado en el día de hoy, los compromisos y secciones del borrador, los comentarios visibles con su respuesta y los ocultados (solo su motivo).',
    postConsultationComment: 'Comenta en una consulta abierta con una cuenta de sociedad civil: «target» (draft, commitment:ID o section:ID), «body» y «name» opcional. Demasiados seguidos: 429.',
    editConsultationComment: 'Corrige el texto de un comentario propio durante los 15 minutos después de enviarlo.',
    hideConsultationComment: 'Oculta un comentario con un motivo (coordinación); el número de ocultados sigue visible.',
    answerConsultationComment: 'Responde un comentario (coordinación): «answer» (accepted, partly, not-accepted), «reason» y «changes».',
    getConsultationSynthesis: 'La sistematización de aportes: cada comentario, su respuesta y qué cambió; también en CSV y DOCX.',
  },
  csv: {
    headers: ['N.º', 'Sobre', 'Título', 'Autor', 'Fecha', 'Comentario', 'Respuesta', 'Motivo de la respuesta', 'Qué cambió', 'Ocultado por moderación'],
    anonymous: 'Anónimo',
  },
};

type Messages = { [K in keyof typeof es]: (typeof es)[K] extends (...a: infer A) => infer R ? (...a: A) => R : (typeof es)[K] };

const en: Messages = {
  labels: {
    title: 'Title of the consultation',
    roundId: 'Draft',
    startsOn: 'Start date',
    endsOn: 'Closing date',
    target: 'What the comment is about',
    name: 'Name to show',
    body: 'Comment',
    email: 'E-mail address',
    reason: 'Reason',
    answer: 'Answer',
    changes: 'What changed in the draft',
  },
  status: { upcoming: 'Not open yet', open: 'Open', closed: 'Closed' },
  answers: { accepted: 'Accepted', partly: 'Partly accepted', 'not-accepted': 'Not accepted' },
  targets: { draft: 'The whole draft', commitment: 'Commitment', section: 'Section' },
  mail: {
    subject: (title) => `Vigía: your link to comment on "${title}"`,
    text: (title, plan, link, endsOn) =>
      [
        'Hello,',
        '',
        `Someone (we hope you) asked to comment on the public consultation "${title}" of the plan "${plan}".`,
        '',
        'To confirm your address and comment, open this link:',
        link,
        '',
        `The link works until the consultation closes (${endsOn}). If you did not ask for it, ignore this e-mail.`,
      ].join('\n'),
  },
  apiOps: {
    openConsultation: 'Opens a public consultation on a draft of the plan (coordinators): title, start and closing dates (both days included) and, for a self-assessment, "roundId".',
    getConsultation: "A public consultation: its status today, the draft's commitments and sections, the visible comments with their answers and the hidden ones (only their reason).",
    postConsultationComment: 'Comments on an open consultation with a civil-society account: "target" (draft, commitment:ID or section:ID), "body" and an optional "name". Too many in a row: 429.',
    editConsultationComment: "Corrects the text of one's own comment within 15 minutes of sending it.",
    hideConsultationComment: 'Hides a comment with a reason (coordinators); the number hidden stays visible.',
    answerConsultationComment: 'Answers a comment (coordinators): "answer" (accepted, partly, not-accepted), "reason" and "changes".',
    getConsultationSynthesis: 'The synthesis of comments: each comment, its answer and what changed; also as CSV and DOCX.',
  },
  csv: {
    headers: ['No.', 'About', 'Title', 'Author', 'Date', 'Comment', 'Answer', 'Reason for the answer', 'What changed', 'Hidden by moderation'],
    anonymous: 'Anonymous',
  },
};

export const consultationMessages = { es, en };

import type {
  CompletionAgreement,
  DidItOpenGovernment,
  IrmCompletion,
  IrmReport,
  OgpValue,
  PotentialImpact,
  RecommendationStatus,
  Specificity,
} from '../domain/irm.js';
import type { Lang } from './lang.js';

/** The words of the independent review (MRI/IRM), its recommendations and continuity between plans, in Spanish and English. */
const es = {
  heading: 'Revisión independiente (MRI)',
  intro:
    'El Mecanismo de Revisión Independiente (MRI) de la Alianza para el Gobierno Abierto evalúa cada compromiso con sus propias escalas. Su nivel de cumplimiento se muestra junto al de la autoevaluación del gobierno.',
  reports: { progress: 'Informe de avance', 'end-of-term': 'Informe de fin de término' } satisfies Record<IrmReport, string>,
  reportOf: (report: string, year: number | null) => (year ? `${report} (${year})` : report),
  comparisonCaption: 'Nivel de cumplimiento: autoevaluación y revisión independiente',
  selfColumn: 'Autoevaluación del gobierno',
  irmColumn: 'Revisión independiente (MRI)',
  differenceColumn: 'Diferencia',
  reportColumn: 'Informe',
  agreement: (a: CompletionAgreement): string => {
    switch (a.kind) {
      case 'same':
        return 'Coinciden';
      case 'higher':
        return a.steps === 1 ? 'El MRI asigna 1 nivel más' : `El MRI asigna ${a.steps} niveles más`;
      case 'lower':
        return a.steps === 1 ? 'El MRI asigna 1 nivel menos' : `El MRI asigna ${a.steps} niveles menos`;
      case 'no-counterpart':
        return 'Sin equivalente en la autoevaluación';
      case 'missing':
        return 'Sin nivel que comparar';
    }
  },
  noSelf: 'Sin autoevaluación publicada',
  noValue: 'Sin dato',
  specificity: 'Especificidad',
  relevance: 'Relevancia frente a los valores de OGP',
  noValues: 'Ninguno',
  potentialImpact: 'Impacto potencial',
  completion: 'Cumplimiento',
  diog: '¿Contribuyó a abrir el gobierno?',
  diogOverall: 'En general',
  reviewerText: 'Texto del MRI',
  starred: 'Compromiso estelar',
  starredHint:
    'Estelar: especificidad media o alta, relevante para acceso a la información, participación ciudadana o rendición de cuentas, impacto potencial transformador (moderado o transformador antes de 2015) y cumplimiento sustancial o completo. Vigía lo calcula de las escalas.',
  notStarred: 'No es estelar',
  origin: { user: 'Registrado por el revisor en Vigía', import: 'Tomado de los datos de compromisos de OGP' } as Record<string, string>,
  scales: {
    specificity: { none: 'Ninguna', low: 'Baja', medium: 'Media', high: 'Alta' } satisfies Record<Specificity, string>,
    values: {
      'access-to-information': 'Acceso a la información',
      'civic-participation': 'Participación ciudadana',
      'public-accountability': 'Rendición de cuentas',
      'technology-and-innovation': 'Tecnología e innovación para la transparencia y la rendición de cuentas',
    } satisfies Record<OgpValue, string>,
    potentialImpact: { none: 'Ninguno', minor: 'Menor', moderate: 'Moderado', transformative: 'Transformador' } satisfies Record<
      PotentialImpact,
      string
    >,
    completion: {
      'not-started': 'No iniciado',
      limited: 'Limitado',
      substantial: 'Sustancial',
      complete: 'Completo',
      withdrawn: 'Retirado',
      unclear: 'No está claro',
    } satisfies Record<IrmCompletion, string>,
    diog: {
      worsened: 'Empeoró',
      'did-not-change': 'No cambió',
      marginal: 'Marginalmente',
      major: 'Significativamente',
      outstanding: 'Excepcionalmente',
    } satisfies Record<DidItOpenGovernment, string>,
    status: { 'not-addressed': 'No atendida', 'partly-addressed': 'Atendida en parte', addressed: 'Atendida' } satisfies Record<
      RecommendationStatus,
      string
    >,
  },
  // ——— continuity ———
  continues: 'Continúa el compromiso',
  continuedBy: 'Continúa en',
  continuityHeading: 'Continuidad entre planes',
  commitmentIn: (n: number, title: string, plan: string) => `Compromiso ${n}. ${title} — ${plan}`,
  commitmentOfPlan: (n: number, plan: string) => `Compromiso ${n} — ${plan}`,
  // ——— recommendations ———
  recommendationsHeading: 'Recomendaciones del MRI',
  recommendationsIntro: 'Las recomendaciones de los informes del MRI a este plan, la respuesta del gobierno y lo que se hizo.',
  recommendation: (n: number) => `Recomendación ${n}`,
  answer: 'Respuesta del gobierno',
  status: 'Estado',
  action: 'Lo que se hizo',
  source: 'Informe',
  // ——— workspace ———
  reviewTitle: (n: number) => `Revisión independiente del compromiso ${n}`,
  reviewIntro: 'Registre las escalas del MRI para cada informe. «Estelar» no se escribe: Vigía lo calcula de las escalas.',
  reviewLink: 'Revisión independiente (MRI)',
  reviewCommitments: 'Compromisos para la revisión independiente',
  saveReview: (report: string) => `Guardar el ${report.charAt(0).toLowerCase()}${report.slice(1)}`,
  selfLevelNote: (round: string, level: string) => `Autoevaluación publicada (${round}): ${level}.`,
  notYet: 'Aún no registrado.',
  recommendationsTitle: 'Recomendaciones del MRI al plan',
  addRecommendation: 'Agregar una recomendación',
  saveRecommendation: 'Guardar la recomendación',
  noRecommendations: 'Aún no hay recomendaciones registradas.',
  manageRecommendations: 'Recomendaciones del MRI',
  continueTitle: (n: number) => `Llevar el compromiso ${n} a un plan posterior`,
  continueIntro:
    'Se crea un compromiso en el plan elegido con los campos de la ficha de este; los dos quedan enlazados y cada página muestra la otra. Solo se lleva un compromiso que no se completó.',
  continueButton: 'Crear la continuación',
  continueLink: 'Llevar a un plan posterior',
  noLaterPlans: 'Este gobierno no tiene un plan posterior al que llevar el compromiso.',
  numberColumn: 'N°',
  labels: {
    report: 'Informe del MRI',
    reportYear: 'Año del informe',
    specificity: 'Especificidad',
    valueAccessToInformation: 'Relevante para: acceso a la información',
    valueCivicParticipation: 'Relevante para: participación ciudadana',
    valuePublicAccountability: 'Relevante para: rendición de cuentas',
    valueTechnologyAndInnovation: 'Relevante para: tecnología e innovación',
    potentialImpact: 'Impacto potencial',
    completion: 'Cumplimiento según el MRI',
    diogOverall: '¿Contribuyó a abrir el gobierno? En general',
    diogAccessToInformation: '¿Contribuyó a abrir el gobierno? Acceso a la información',
    diogCivicParticipation: '¿Contribuyó a abrir el gobierno? Participación ciudadana',
    diogPublicAccountability: '¿Contribuyó a abrir el gobierno? Rendición de cuentas',
    reviewText: 'Texto del revisor',
    source: 'Informe del MRI que la hizo',
    recommendationText: 'Recomendación',
    answer: 'Respuesta del gobierno',
    status: 'Estado',
    action: 'Lo que se hizo',
    planId: 'Plan posterior',
    themeId: 'Eje temático en ese plan',
  } as Record<string, string>,
  errors: {
    already_complete: () => 'El compromiso se completó (su último nivel publicado es Completo): no hay nada que continuar.',
    other_government: (label: string) => `«${label}» debe ser un plan del mismo gobierno.`,
    not_later_plan: (label: string) => `«${label}» debe ser un plan posterior al del compromiso.`,
    already_continued: (label: string) => `El compromiso ya continúa en ese plan: elija otro «${label}».`,
  },
  apiOps: {
    getReviews:
      'Las revisiones del MRI de un compromiso (informe de avance y de fin de término), con sus versiones, para el revisor independiente.',
    saveReview:
      'Registra o cambia la revisión del MRI de un compromiso para un informe («progress» o «end-of-term»): las escalas y el texto. «Estelar» se calcula. Para cambiar una existente envíe la versión que leyó.',
    listRecommendations: 'Las recomendaciones del MRI a un plan, en orden, con la respuesta, el estado y lo que se hizo (coordinación).',
    addRecommendation: 'Agrega una recomendación del MRI al plan (coordinación).',
    saveRecommendation:
      'Cambia una recomendación: su texto, la respuesta del gobierno, el estado y lo que se hizo. Envíe la versión que leyó.',
    continueCommitment:
      'Lleva un compromiso no completado a un plan posterior del mismo gobierno (coordinación): crea el nuevo con los campos de la ficha, enlazado al anterior.',
  },
};

export type ReviewMessages = typeof es;

const en: ReviewMessages = {
  heading: 'Independent review (IRM)',
  intro:
    'The Open Government Partnership’s Independent Reporting Mechanism (IRM) assesses each commitment on its own scales. Its completion level is shown beside the government’s self-assessment.',
  reports: { progress: 'Progress report', 'end-of-term': 'End-of-term report' },
  reportOf: (report: string, year: number | null) => (year ? `${report} (${year})` : report),
  comparisonCaption: 'Completion: self-assessment and independent review',
  selfColumn: 'Government self-assessment',
  irmColumn: 'Independent review (IRM)',
  differenceColumn: 'Difference',
  reportColumn: 'Report',
  agreement: (a: CompletionAgreement): string => {
    switch (a.kind) {
      case 'same':
        return 'They agree';
      case 'higher':
        return a.steps === 1 ? 'The IRM gives 1 level more' : `The IRM gives ${a.steps} levels more`;
      case 'lower':
        return a.steps === 1 ? 'The IRM gives 1 level less' : `The IRM gives ${a.steps} levels less`;
      case 'no-counterpart':
        return 'No counterpart in the self-assessment';
      case 'missing':
        return 'No level to compare';
    }
  },
  noSelf: 'No published self-assessment',
  noValue: 'Not given',
  specificity: 'Specificity',
  relevance: 'Relevance to OGP values',
  noValues: 'None',
  potentialImpact: 'Potential impact',
  completion: 'Completion',
  diog: 'Did it open government?',
  diogOverall: 'Overall',
  reviewerText: 'The IRM’s text',
  starred: 'Starred commitment',
  starredHint:
    'Starred: medium or high specificity, relevant to access to information, civic participation or public accountability, transformative potential impact (moderate or transformative before 2015), and substantial or complete completion. Vigía computes it from the scales.',
  notStarred: 'Not starred',
  origin: { user: 'Entered by the reviewer in Vigía', import: 'From OGP’s commitment data' },
  scales: {
    specificity: { none: 'None', low: 'Low', medium: 'Medium', high: 'High' },
    values: {
      'access-to-information': 'Access to information',
      'civic-participation': 'Civic participation',
      'public-accountability': 'Public accountability',
      'technology-and-innovation': 'Technology and innovation for transparency and accountability',
    },
    potentialImpact: { none: 'None', minor: 'Minor', moderate: 'Moderate', transformative: 'Transformative' },
    completion: {
      'not-started': 'Not started',
      limited: 'Limited',
      substantial: 'Substantial',
      complete: 'Complete',
      withdrawn: 'Withdrawn',
      unclear: 'Unclear',
    },
    diog: { worsened: 'Worsened', 'did-not-change': 'Did not change', marginal: 'Marginal', major: 'Major', outstanding: 'Outstanding' },
    status: { 'not-addressed': 'Not addressed', 'partly-addressed': 'Partly addressed', addressed: 'Addressed' },
  },
  continues: 'Continues commitment',
  continuedBy: 'Continued in',
  continuityHeading: 'Continuity between plans',
  commitmentIn: (n: number, title: string, plan: string) => `Commitment ${n}. ${title} — ${plan}`,
  commitmentOfPlan: (n: number, plan: string) => `Commitment ${n} — ${plan}`,
  recommendationsHeading: 'The IRM’s recommendations',
  recommendationsIntro: 'The recommendations of the IRM’s reports to this plan, the government’s answer, and what was done.',
  recommendation: (n: number) => `Recommendation ${n}`,
  answer: 'Government’s answer',
  status: 'Status',
  action: 'What was done',
  source: 'Report',
  reviewTitle: (n: number) => `Independent review of commitment ${n}`,
  reviewIntro: 'Enter the IRM’s scales for each report. “Starred” is not typed: Vigía computes it from the scales.',
  reviewLink: 'Independent review (IRM)',
  reviewCommitments: 'Commitments for the independent review',
  saveReview: (report: string) => `Save the ${report.charAt(0).toLowerCase()}${report.slice(1)}`,
  selfLevelNote: (round: string, level: string) => `Published self-assessment (${round}): ${level}.`,
  notYet: 'Not entered yet.',
  recommendationsTitle: 'The IRM’s recommendations to the plan',
  addRecommendation: 'Add a recommendation',
  saveRecommendation: 'Save the recommendation',
  noRecommendations: 'No recommendation has been entered yet.',
  manageRecommendations: 'The IRM’s recommendations',
  continueTitle: (n: number) => `Carry commitment ${n} into a later plan`,
  continueIntro:
    'A commitment is created in the chosen plan with this one’s template fields; the two are linked and each page shows the other. Only a commitment that was not completed is carried on.',
  continueButton: 'Create the continuation',
  continueLink: 'Carry into a later plan',
  noLaterPlans: 'This government has no later plan to carry the commitment into.',
  numberColumn: 'No.',
  labels: {
    report: 'IRM report',
    reportYear: 'Year of the report',
    specificity: 'Specificity',
    valueAccessToInformation: 'Relevant to: access to information',
    valueCivicParticipation: 'Relevant to: civic participation',
    valuePublicAccountability: 'Relevant to: public accountability',
    valueTechnologyAndInnovation: 'Relevant to: technology and innovation',
    potentialImpact: 'Potential impact',
    completion: 'Completion according to the IRM',
    diogOverall: 'Did it open government? Overall',
    diogAccessToInformation: 'Did it open government? Access to information',
    diogCivicParticipation: 'Did it open government? Civic participation',
    diogPublicAccountability: 'Did it open government? Public accountability',
    reviewText: 'The reviewer’s text',
    source: 'IRM report that made it',
    recommendationText: 'Recommendation',
    answer: 'Government’s answer',
    status: 'Status',
    action: 'What was done',
    planId: 'Later plan',
    themeId: 'Theme in that plan',
  },
  errors: {
    already_complete: () => 'The commitment was completed (its latest published level is Complete): there is nothing to carry on.',
    other_government: (label: string) => `“${label}” must be a plan of the same government.`,
    not_later_plan: (label: string) => `“${label}” must be a plan later than the commitment’s.`,
    already_continued: (label: string) => `The commitment already continues in that plan: choose another “${label}”.`,
  },
  apiOps: {
    getReviews: 'The IRM reviews of a commitment (progress and end-of-term reports), with their versions, for the independent reviewer.',
    saveReview:
      'Enters or changes the IRM review of a commitment for one report (`progress` or `end-of-term`): the scales and the text. “Starred” is computed. To change an existing one, send the version you read.',
    listRecommendations: 'The IRM’s recommendations to a plan, in order, with the answer, status and what was done (coordinators).',
    addRecommendation: 'Adds an IRM recommendation to the plan (coordinators).',
    saveRecommendation:
      'Changes a recommendation: its text, the government’s answer, the status and what was done. Send the version you read.',
    continueCommitment:
      'Carries an unfinished commitment into a later plan of the same government (coordinators): creates the new one with the template fields, linked to the earlier one.',
  },
};

export const reviewMessages: Record<Lang, ReviewMessages> = { es, en };

import { en as siteEn } from './en.js';
import { es as siteEs } from './es.js';
import type { RoundKind } from '../domain/types.js';
import type { Lang } from './lang.js';

/**
 * The self-assessment report's words. The Spanish ficha labels are the seed's own (the OGP template as
 * Peru's report writes it), so that a Spanish DOCX reads back with the Word import; the English ones are
 * OGP's English template.
 */
const es = {
  documentTitle: 'Informe de autoevaluación',
  titleLine: (plan: string) => `Informe de autoevaluación del ${plan}`,
  government: 'Gobierno',
  period: 'Periodo',
  round: 'Evaluación',
  date: 'Fecha',
  contents: 'Índice',
  notTranslated: '[sin traducir]',
  sectionTitles: {
    background: 'Introducción y antecedentes',
    process: 'Proceso de elaboración del plan de acción',
    irm: 'Incorporación de las recomendaciones del mecanismo de revisión independiente (MRI)',
    implementation: 'Cumplimiento de la implementación de los compromisos',
    conclusions: 'Conclusiones y recomendaciones',
    glossary: 'Glosario',
    other: 'Otros',
  } as Record<string, string>,
  themeHeading: (n: number, title: string) => `Tema ${n}: ${title}`,
  themeCell: (title: string) => `Componente: ${title}`,
  commitmentCell: (n: number, title: string) => `Compromiso ${n}. ${title}`,
  // The site's ficha labels, as the seed writes the few it writes otherwise.
  labels: {
    ...siteEs.fields,
    leadAgency: 'Secretaría/Ministerio Responsable',
    otherActorsGovernment: 'Gobierno',
    otherActorsCivilSociety: 'Sociedad civil, iniciativa privada, grupos de trabajo o multilaterales',
    description: 'Breve Descripción del Compromiso',
  },
  summaryHeading: 'Resumen del cumplimiento',
  summaryCorner: 'Compromisos',
  total: 'Total',
  percent: '%',
  unassessed: 'Sin evaluación',
  /** The words of a file's name: "autoevaluacion-<plan>-evaluacion-final-es.docx". */
  fileWords: {
    prefix: 'autoevaluacion',
    kinds: { midterm: 'evaluacion-intermedia', 'end-of-term': 'evaluacion-final', periodic: 'evaluacion-periodica' } as Record<
      RoundKind,
      string
    >,
  },
  comparisonNumber: 'N°',
  comparisonCommitment: 'Compromiso',
  comparisonCaption: 'Nivel de cada compromiso en cada evaluación',
  chartTitle: 'Compromisos por tema y nivel de cumplimiento',
  chartAxis: 'Compromisos',
  chartLegend: 'Nivel de cumplimiento',
  chartAlt: (round: string) =>
    `Gráfico de barras: compromisos de cada tema por nivel de cumplimiento en la ${round}. Las cifras están en la tabla de resumen.`,
  recommendationsHeading: 'Recomendaciones del MRI y lo que se hizo',
  recommendationColumns: ['Recomendación', 'Respuesta del gobierno', 'Estado', 'Lo que se hizo'],
  source: 'Fuente',
  annexes: 'Anexos',
  reviewHeading: 'Revisión independiente (MRI) de cada compromiso',
  reviewLabels: {
    completion: 'Cumplimiento (MRI)',
    selfAssessed: 'Cumplimiento (autoevaluación)',
  },
  yes: 'Sí',
  no: 'No',
  none: '—',
  printHint: 'Use «Imprimir» del navegador para obtener un PDF.',
  printView: 'Informe de autoevaluación (para imprimir)',
  download: 'Descargar el informe',
  formatLabel: 'Formato',
  langLabel: 'Idioma del informe',
  roundLabel: 'Evaluación',
  downloadButton: 'Descargar',
  cli: {
    description: 'Genera el informe de autoevaluación de un plan (DOCX, HTML o PDF, en español o inglés)',
    optFormat: 'formato: docx, html o pdf (docx por omisión)',
    optOut: 'archivo donde escribirlo (por omisión, un nombre hecho del plan y la evaluación)',
    written: (file: string, ms: number) => `Informe escrito en ${file} (${ms} ms).`,
    badFormat: (v: string) => `Formato desconocido «${v}»: use docx, html o pdf.`,
    noRound: 'El plan no tiene ninguna evaluación publicada: no hay informe que generar.',
    draft: (round: string) => `Atención: «${round}» es un borrador (no publicado); el informe no es definitivo.`,
  },
  pdfBusy: (seconds: number) =>
    `Se está generando otro PDF y solo se genera uno a la vez. Inténtelo de nuevo en ${seconds} segundos (o descargue el informe en DOCX o HTML).`,
  pdfUnavailable:
    'No se puede generar el PDF: Chromium no está instalado (se busca en CHROMIUM_PATH o /usr/bin/chromium). Genere el informe en DOCX o HTML, o instale Chromium.',
  /** The workspace's check of the figures the texts quote against the computed tables (domain/narrative-figures.ts). */
  figures: {
    heading: 'Cifras del texto frente a las tablas',
    agree: (round: string) => `Las cifras que citan los textos del informe coinciden con las tablas calculadas para «${round}».`,
    intro: (round: string, n: number) =>
      `${n === 1 ? 'Una cifra citada en los textos del informe no coincide' : `${n} cifras citadas en los textos del informe no coinciden`} con las tablas calculadas para «${round}». Corríjalas antes de publicar el informe.`,
    section: (title: string) => `Sección «${title}»`,
    theme: (n: number, title: string, part: 'intro' | 'synthesis') =>
      `Tema ${n}: ${title} (${part === 'intro' ? 'introducción' : 'síntesis'})`,
    translation: (lang: string): string => (lang === 'en' ? 'traducción al inglés' : 'traducción al español'),
    says: (written: string) => `Dice «${written}»`,
    share: (percent: string, what: string, part: number, whole: number, theme: string | null) =>
      `la tabla da ${percent} (${what}: ${part} de ${whole} compromisos${theme ? ` del tema «${theme}»` : ''})`,
    total: (total: number) => `el tema tiene ${total === 1 ? '1 compromiso' : `${total} compromisos`}`,
    percent: (n: string) => `${n} %`,
    edit: 'Editar la sección',
  },
  sections: {
    heading: 'Secciones del informe',
    intro:
      'Los textos del informe de autoevaluación que no son fichas: se guardan por plan, en el idioma del plan y, si se desea, traducidos al otro (español o inglés).',
    /** The form's labels for a plan written in `plan`: its own text, then the translation into the other language. */
    labels: (plan: Lang) => {
      const [own, other] = plan === 'en' ? ['inglés', 'español'] : ['español', 'inglés'];
      return {
        sectionTitle: `Título (${own})`,
        sectionBody: `Texto (${own})`,
        sectionTitleEn: `Título (${other})`,
        sectionBodyEn: `Traducción al ${other}`,
      };
    },
    save: 'Guardar la sección',
    saved: 'Sección guardada.',
  },
};

export type ReportMessages = typeof es;

const en: ReportMessages = {
  documentTitle: 'Self-assessment report',
  titleLine: (plan: string) => `Self-assessment report: ${plan}`,
  government: 'Government',
  period: 'Period',
  round: 'Assessment',
  date: 'Date',
  contents: 'Contents',
  notTranslated: '[not translated]',
  sectionTitles: {
    background: 'Introduction and background',
    process: 'Development of the action plan',
    irm: 'How the recommendations of the Independent Reporting Mechanism (IRM) were taken up',
    implementation: 'Implementation of the commitments',
    conclusions: 'Conclusions and recommendations',
    glossary: 'Glossary',
    other: 'Other',
  },
  themeHeading: (n: number, title: string) => `Theme ${n}: ${title}`,
  themeCell: (title: string) => `Theme: ${title}`,
  commitmentCell: (n: number, title: string) => `Commitment ${n}. ${title}`,
  // The site's ficha labels, as OGP's English template writes the few it writes otherwise.
  labels: {
    ...siteEn.fields,
    contactPosition: 'Title, Department',
    otherActorsGovernment: 'Government',
    otherActorsCivilSociety: 'CSOs, private sector, multilaterals, working groups',
    description: 'Brief description of commitment',
  },
  summaryHeading: 'Summary of completion',
  summaryCorner: 'Commitments',
  total: 'Total',
  percent: '%',
  unassessed: 'Not assessed',
  fileWords: {
    prefix: 'self-assessment',
    kinds: { midterm: 'mid-term', 'end-of-term': 'end-of-term', periodic: 'periodic' },
  },
  comparisonNumber: 'No.',
  comparisonCommitment: 'Commitment',
  comparisonCaption: 'Level of each commitment in each assessment',
  chartTitle: 'Commitments by theme and level of completion',
  chartAxis: 'Commitments',
  chartLegend: 'Level of completion',
  chartAlt: (round: string) =>
    `Bar chart: each theme's commitments by level of completion in the ${round}. The figures are in the summary table.`,
  recommendationsHeading: "The IRM's recommendations and what was done",
  recommendationColumns: ['Recommendation', "Government's answer", 'Status', 'What was done'],
  source: 'Source',
  annexes: 'Annexes',
  reviewHeading: 'Independent review (IRM) of each commitment',
  reviewLabels: {
    completion: 'Completion (IRM)',
    selfAssessed: 'Completion (self-assessment)',
  },
  yes: 'Yes',
  no: 'No',
  none: '—',
  printHint: "Use the browser's Print to make a PDF.",
  printView: 'Self-assessment report (print view)',
  download: 'Download the report',
  formatLabel: 'Format',
  langLabel: 'Language of the report',
  roundLabel: 'Assessment',
  downloadButton: 'Download',
  cli: {
    description: "Writes a plan's self-assessment report (DOCX, HTML or PDF, in Spanish or English)",
    optFormat: 'format: docx, html or pdf (docx by default)',
    optOut: 'file to write it to (by default a name made from the plan and the assessment)',
    written: (file: string, ms: number) => `Report written to ${file} (${ms} ms).`,
    badFormat: (v: string) => `Unknown format "${v}": use docx, html or pdf.`,
    noRound: 'The plan has no published assessment: there is no report to write.',
    draft: (round: string) => `Note: "${round}" is a draft (not published); the report is not final.`,
  },
  pdfBusy: (seconds: number) =>
    `Another PDF is being made, and only one is made at a time. Try again in ${seconds} seconds (or download the report as DOCX or HTML).`,
  pdfUnavailable:
    'Cannot make the PDF: Chromium is not installed (looked for in CHROMIUM_PATH and /usr/bin/chromium). Write the report as DOCX or HTML, or install Chromium.',
  figures: {
    heading: 'Figures in the text against the tables',
    agree: (round: string) => `The figures the report’s texts quote agree with the tables computed for “${round}”.`,
    intro: (round: string, n: number) =>
      `${n === 1 ? 'A figure quoted in the report’s texts does' : `${n} figures quoted in the report’s texts do`} not agree with the tables computed for “${round}”. Correct them before publishing the report.`,
    section: (title: string) => `Section “${title}”`,
    theme: (n: number, title: string, part: 'intro' | 'synthesis') =>
      `Theme ${n}: ${title} (${part === 'intro' ? 'introduction' : 'synthesis'})`,
    translation: (lang: string) => (lang === 'en' ? 'English translation' : 'Spanish translation'),
    says: (written: string) => `It says “${written}”`,
    share: (percent: string, what: string, part: number, whole: number, theme: string | null) =>
      `the table gives ${percent} (${what}: ${part} of ${whole} commitments${theme ? ` of the theme “${theme}”` : ''})`,
    total: (total: number) => `the theme has ${total === 1 ? '1 commitment' : `${total} commitments`}`,
    percent: (n: string) => `${n}%`,
    edit: 'Edit the section',
  },
  sections: {
    heading: 'Sections of the report',
    intro:
      'The texts of the self-assessment report that are not fichas: kept per plan, in the plan’s language and, if wanted, translated into the other (Spanish or English).',
    labels: (plan: Lang) => {
      const [own, other] = plan === 'en' ? ['English', 'Spanish'] : ['Spanish', 'English'];
      return {
        sectionTitle: `Title (${own})`,
        sectionBody: `Text (${own})`,
        sectionTitleEn: `Title (${other})`,
        sectionBodyEn: `${other} translation`,
      };
    },
    save: 'Save the section',
    saved: 'Section saved.',
  },
};

const CATALOG: Record<Lang, ReportMessages> = { es, en };

export function reportMessages(lang: Lang): ReportMessages {
  return CATALOG[lang];
}

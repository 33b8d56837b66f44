import type { AlertCategory } from '../domain/alerts.js';
import type { FieldError } from '../domain/input.js';
import { formatDate } from './format.js';
import type { Lang } from './lang.js';

/** The words of civil-society alerts (issue 7): raising, answering, the public log, the deadline settings. */
const es = {
  logTitle: 'Alertas ciudadanas',
  logLink: 'Alertas ciudadanas',
  logIntro: (days: number) =>
    `Alertas de la sociedad civil sobre los compromisos del plan. La entidad responsable debe responder cada alerta en ${days} días hábiles (sin contar sábados, domingos ni feriados); el plazo de cada una se fijó al recibirla.`,
  shareHeading: 'Respondidas dentro del plazo',
  share: (within: number, total: number) => `${within} de ${total}`,
  sharePlan: (within: number, total: number) => `En el plan: ${within} de ${total} alertas respondidas dentro del plazo.`,
  agencyCaption: 'Alertas respondidas dentro del plazo, por entidad responsable',
  colAgency: 'Entidad',
  colWithin: 'Dentro del plazo',
  noAgency: 'Sin entidad responsable',
  noAlerts: 'No se han registrado alertas.',
  alertsCaption: 'Alertas del plan, de la más reciente a la más antigua',
  colAlert: 'Alerta',
  colCommitment: 'Compromiso',
  colStatus: 'Estado',
  colDeadline: 'Plazo',
  colAnswer: 'Respuesta',
  statuses: { open: 'Abierta', answered: 'Respondida' } as Record<string, string>,
  overdue: 'Vencida sin respuesta',
  within: 'Respondida dentro del plazo',
  late: 'Respondida fuera del plazo',
  raisedBy: (who: string, when: string) => `Enviada por ${who} el ${when}`,
  answeredBy: (who: string, when: string) => `Respondida por ${who} el ${when}`,
  deadline: (date: string) => `Responder a más tardar el ${date}`,
  activity: (n: number, title: string) => `Actividad ${n}: ${title}`,
  evidence: 'Evidencia',
  evidenceFileLink: (name: string) => `Archivo: ${name}`,
  noAnswer: 'Sin respuesta todavía.',
  commitmentHeading: 'Alertas ciudadanas sobre este compromiso',
  commitmentShare: (within: number, total: number) => `${within} de ${total} respondidas dentro del plazo.`,
  raiseLink: 'Enviar una alerta sobre este compromiso',
  raiseTitle: 'Enviar una alerta',
  raiseIntro: (n: number, title: string) =>
    `Sobre el compromiso ${n}: «${title}». La entidad responsable debe responder en el plazo del plan; su alerta y la respuesta serán públicas.`,
  raiseSubmit: 'Enviar la alerta',
  raised: 'Se registró su alerta. Aparece en el registro público de alertas del plan.',
  wholeCommitment: 'El compromiso en su conjunto',
  chooseCategory: 'Elija una categoría',
  categories: { delay: 'Retraso', quality: 'Calidad de la información', access: 'Acceso a la información', other: 'Otro' } satisfies Record<
    AlertCategory,
    string
  >,
  evidenceHint: 'Opcional. Un enlace (http o https) a un documento, una foto o una publicación que respalde la alerta.',
  textHint: 'Qué ocurre, dónde y desde cuándo. Como máximo 4000 caracteres; se muestra tal como lo escribe, sin formato.',
  answerTitle: (id: number) => `Responder la alerta N° ${id}`,
  answerIntro: 'La respuesta se publica junto a la alerta, con su nombre y la fecha.',
  answerSubmit: 'Publicar la respuesta',
  answered: 'Se publicó la respuesta.',
  alreadyAnswered: 'Esta alerta ya tiene respuesta.',
  workspaceTitle: 'Alertas ciudadanas por responder',
  workspaceLink: 'Alertas ciudadanas',
  workspaceIntro: 'Las alertas de la sociedad civil sobre los compromisos que usted puede responder.',
  answerLink: 'Responder',
  settingsLink: 'Plazo y feriados',
  settingsTitle: 'Plazo de respuesta y feriados',
  settingsIntro:
    'El número de días hábiles para responder una alerta y los feriados del gobierno. Un cambio vale para las alertas que se reciban desde ahora: las ya recibidas conservan su plazo.',
  settingsSaved: 'Se guardaron los cambios.',
  holidaysCaption: 'Feriados del gobierno',
  noHolidays: 'No hay feriados registrados.',
  addHoliday: 'Agregar el feriado',
  removeHoliday: 'Quitar',
  colDate: 'Fecha',
  colName: 'Nombre',
  saveDays: 'Guardar el plazo',
  labels: {
    category: 'Categoría',
    alertText: 'Descripción de la alerta',
    evidenceUrl: 'Enlace a una evidencia',
    evidenceFile: 'Archivo de evidencia',
    activityId: 'Actividad',
    answerText: 'Respuesta',
    workingDays: 'Días hábiles para responder',
    holidayDate: 'Fecha del feriado',
    holidayName: 'Nombre del feriado',
  } as Record<string, string>,
  rateLimited: (limit: number, seconds: number) =>
    `Ya envió ${limit} alertas en las últimas 24 horas, el máximo. Podrá enviar otra en ${seconds < 3600 ? `${Math.ceil(seconds / 60)} minuto(s)` : `${Math.ceil(seconds / 3600)} hora(s)`}.`,
  honeypot: 'Deje este campo vacío',
  holidayListed: (date: string) => `El ${date} ya está en la lista de feriados.`,
  apiOps: {
    raiseAlert:
      'Envía una alerta sobre un compromiso o una de sus actividades (cuentas de la sociedad civil): categoría (delay, quality, access, other), texto y, si se quiere, una evidencia: un enlace (evidenceUrl), o un archivo si se envía como multipart/form-data (campo evidenceFile, revisado por su contenido como las evidencias: tipos permitidos y tamaño máximo). Responde 201 con su id; el plazo se fija al recibirla.',
    answerAlert: 'Responde una alerta abierta (editores de la entidad responsable del compromiso, coordinación).',
    saveAlertWorkingDays:
      'Cambia los días hábiles que tienen las entidades para responder las alertas del plan (coordinación); las alertas ya recibidas conservan su plazo.',
    addHoliday: 'Agrega un feriado del gobierno del plan (coordinación): fecha y nombre.',
    removeHoliday: 'Quita un feriado del gobierno del plan (coordinación).',
    getAlertSettings:
      'Los ajustes de alertas del plan (coordinación): días hábiles para responder y los feriados de su gobierno, cada uno con su id (para quitarlo).',
    getAlertCalendar:
      'La regla con que se calcula el plazo de las alertas del plan (público): días hábiles para responder (workingDays), contados desde el día siguiente a la alerta, sin sábados ni domingos (weekend) ni los feriados del gobierno (holidays: fecha y nombre); y el plazo de una alerta enviada hoy (deadlineIfRaisedToday). Una alerta ya recibida conserva el plazo que se le fijó.',
  },
};

type Messages = typeof es;

const en: Messages = {
  logTitle: 'Civil-society alerts',
  logLink: 'Civil-society alerts',
  logIntro: (days: number) =>
    `Alerts from civil society about the plan's commitments. The lead agency must answer each alert within ${days} working days (Saturdays, Sundays and holidays are not counted); each alert's deadline was set when it was received.`,
  shareHeading: 'Answered within the deadline',
  share: (within: number, total: number) => `${within} of ${total}`,
  sharePlan: (within: number, total: number) => `In the plan: ${within} of ${total} alerts answered within the deadline.`,
  agencyCaption: 'Alerts answered within the deadline, by lead agency',
  colAgency: 'Agency',
  colWithin: 'Within the deadline',
  noAgency: 'No lead agency',
  noAlerts: 'No alerts have been raised.',
  alertsCaption: 'The plan’s alerts, newest first',
  colAlert: 'Alert',
  colCommitment: 'Commitment',
  colStatus: 'Status',
  colDeadline: 'Deadline',
  colAnswer: 'Answer',
  statuses: { open: 'Open', answered: 'Answered' },
  overdue: 'Past its deadline, unanswered',
  within: 'Answered within the deadline',
  late: 'Answered after the deadline',
  raisedBy: (who: string, when: string) => `Raised by ${who} on ${when}`,
  answeredBy: (who: string, when: string) => `Answered by ${who} on ${when}`,
  deadline: (date: string) => `To be answered by ${date}`,
  activity: (n: number, title: string) => `Activity ${n}: ${title}`,
  evidence: 'Evidence',
  evidenceFileLink: (name: string) => `File: ${name}`,
  noAnswer: 'No answer yet.',
  commitmentHeading: 'Civil-society alerts about this commitment',
  commitmentShare: (within: number, total: number) => `${within} of ${total} answered within the deadline.`,
  raiseLink: 'Raise an alert about this commitment',
  raiseTitle: 'Raise an alert',
  raiseIntro: (n: number, title: string) =>
    `About commitment ${n}: “${title}”. The lead agency must answer within the plan's deadline; your alert and the answer will be public.`,
  raiseSubmit: 'Raise the alert',
  raised: 'Your alert was recorded. It appears in the plan’s public alert log.',
  wholeCommitment: 'The commitment as a whole',
  chooseCategory: 'Choose a category',
  categories: { delay: 'Delay', quality: 'Quality of information', access: 'Access to information', other: 'Other' },
  evidenceHint: 'Optional. A link (http or https) to a document, a photo or a publication that supports the alert.',
  textHint: 'What is happening, where and since when. At most 4000 characters; shown as you write it, without formatting.',
  answerTitle: (id: number) => `Answer alert No. ${id}`,
  answerIntro: 'The answer is published with the alert, with your name and the date.',
  answerSubmit: 'Publish the answer',
  answered: 'The answer was published.',
  alreadyAnswered: 'This alert already has an answer.',
  workspaceTitle: 'Civil-society alerts to answer',
  workspaceLink: 'Civil-society alerts',
  workspaceIntro: 'Alerts from civil society about the commitments you may answer for.',
  answerLink: 'Answer',
  settingsLink: 'Deadline and holidays',
  settingsTitle: 'Answer deadline and holidays',
  settingsIntro:
    'The number of working days to answer an alert, and the government’s holidays. A change applies to alerts received from now on: alerts already received keep their deadline.',
  settingsSaved: 'The changes were saved.',
  holidaysCaption: 'The government’s holidays',
  noHolidays: 'No holidays are listed.',
  addHoliday: 'Add the holiday',
  removeHoliday: 'Remove',
  colDate: 'Date',
  colName: 'Name',
  saveDays: 'Save the deadline',
  labels: {
    category: 'Category',
    alertText: 'Description of the alert',
    evidenceUrl: 'Link to evidence',
    evidenceFile: 'Evidence file',
    activityId: 'Activity',
    answerText: 'Answer',
    workingDays: 'Working days to answer',
    holidayDate: 'Date of the holiday',
    holidayName: 'Name of the holiday',
  },
  rateLimited: (limit: number, seconds: number) =>
    `You have raised ${limit} alerts in the last 24 hours, the most allowed. You can raise another in ${seconds < 3600 ? `${Math.ceil(seconds / 60)} minute(s)` : `${Math.ceil(seconds / 3600)} hour(s)`}.`,
  honeypot: 'Leave this field empty',
  holidayListed: (date: string) => `${date} is already in the list of holidays.`,
  apiOps: {
    raiseAlert:
      'Raises an alert about a commitment or one of its activities (civil-society accounts): category (delay, quality, access, other), text and, optionally, evidence: a link (evidenceUrl), or a file when sent as multipart/form-data (field evidenceFile, checked by its content like evidence uploads: allowed types and maximum size). Answers 201 with its id; the deadline is set when it is received.',
    answerAlert: 'Answers an open alert (editors of the commitment’s lead agency, the coordination).',
    saveAlertWorkingDays:
      'Changes the working days agencies have to answer the plan’s alerts (coordination); alerts already received keep their deadline.',
    addHoliday: 'Adds a holiday of the plan’s government (coordination): date and name.',
    removeHoliday: 'Removes a holiday of the plan’s government (coordination).',
    getAlertSettings:
      'The plan’s alert settings (coordination): working days to answer and its government’s holidays, each with its id (to remove it).',
    getAlertCalendar:
      'The rule the deadlines of the plan’s alerts are computed by (public): working days to answer (workingDays), counted from the day after the alert, skipping Saturdays and Sundays (weekend) and the government’s holidays (holidays: date and name); and the deadline of an alert raised today (deadlineIfRaisedToday). An alert already received keeps the deadline it was given.',
  },
};

export const alertMessages: Record<Lang, Messages> = { es, en };

/**
 * The errors whose words are the alerts' own (an answer given already, a holiday listed
 * twice) carry them as `message`; the others keep the workspace's words for their code.
 */
export function withAlertMessages(lang: Lang, errors: FieldError[]): FieldError[] {
  const m = alertMessages[lang];
  return errors.map((e) => {
    if (e.param === 'answered') return { field: e.field, code: e.code, message: m.alreadyAnswered };
    if (e.param?.startsWith('listed:'))
      return { field: e.field, code: e.code, message: m.holidayListed(formatDate(e.param.slice(7), lang)) };
    return e;
  });
}

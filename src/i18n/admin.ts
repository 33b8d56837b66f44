import type { ErrorCode } from '../domain/input.js';
import type { AccountReason } from './accounts.js';
import type { Lang } from './lang.js';
import { workspaceMessages } from './workspace.js';

/**
 * The admin's pages (accounts and agencies), in Spanish first and in English. `AdminMessages` is the
 * Spanish catalogue's shape: the English one must have exactly the same keys.
 */

/** Why a value was refused beyond its field rule: the accounts service's reasons, and a name already taken. */
export type AdminReason = AccountReason | 'duplicate';
/** Which form an error belongs to: the same field name (`name`) is a person's name or an agency's. */
export type AdminForm = 'account' | 'agency';
/** What the admin's pages say after a change (the `aviso` of the address it redirects to). */
export const ADMIN_NOTICES = [
  'disabled',
  'already-disabled',
  'link-sent',
  'link-logged',
  'link-throttled',
  'link-failed',
  'agency-added',
  'agency-saved',
  'agency-unchanged',
] as const;
export type AdminNotice = (typeof ADMIN_NOTICES)[number];

type ReasonText = (label: string, field: string, value: string) => string;
/** Every reason has its words (the type says so); each function returns plain text. */
const reasonTexts = (texts: Record<AdminReason, ReasonText>) => texts;

const es = {
  sectionTitle: 'Administración',
  sectionIntro: 'Cuentas de las personas que usan el espacio de trabajo y entidades de cada gobierno.',
  accounts: {
    title: 'Cuentas',
    intro:
      'Cree las cuentas de quienes usan el espacio de trabajo. Cada persona elige su contraseña con un enlace de un solo uso; al desactivar una cuenta, sus sesiones se cierran de inmediato.',
    caption: 'Cuentas, las activas primero',
    none: 'Aún no hay cuentas.',
    columns: {
      name: 'Nombre',
      email: 'Correo electrónico',
      role: 'Rol',
      agency: 'Entidad',
      government: 'Gobierno',
      status: 'Estado',
      lastSeen: 'Última actividad',
      actions: 'Acciones',
    },
    active: 'Activa',
    disabled: 'Desactivada',
    noPassword: 'sin contraseña aún',
    lastSeenHint:
      'La última actividad se ve mientras la persona tiene una sesión abierta: al salir, o al vencer la sesión, no queda registro de ella.',
    you: '(su cuenta)',
    disable: 'Desactivar',
    sendLink: 'Enviar enlace para elegir contraseña',
    createTitle: 'Crear una cuenta',
    create: 'Crear la cuenta',
    createdTitle: 'Cuenta creada',
    created: (p: { email: string; role: string; hours: number }) =>
      `Se creó la cuenta ${p.email} (${p.role}). Envíe a esa persona este enlace para elegir su contraseña: vale ${p.hours} horas y se puede usar una sola vez.`,
    linkLabel: 'Enlace para elegir la contraseña',
    linkOnce: 'Cópielo ahora: por seguridad, no se volverá a mostrar. Si se pierde, use «Enviar enlace para elegir contraseña».',
    selfRefused: 'No puede desactivar su propia cuenta. Pida a otra persona con rol de administración que lo haga.',
    notices: {
      disabled: 'Se desactivó la cuenta y se cerraron sus sesiones.',
      'already-disabled': 'La cuenta ya estaba desactivada.',
      'link-sent': 'Se envió por correo un enlace para elegir una contraseña nueva (vale una hora).',
      'link-logged':
        'No hay un servidor de correo configurado (SMTP_HOST): el mensaje con el enlace se escribió en el registro del servidor.',
      'link-throttled': 'Ya se enviaron varios enlaces a esa cuenta en la última hora. Espere antes de pedir otro.',
      'link-failed': 'No se pudo enviar el correo: el servidor de correo no respondió o lo rechazó. Inténtelo más tarde.',
      'agency-added': 'Se agregó la entidad.',
      'agency-saved': 'Se guardaron los cambios de la entidad.',
      'agency-unchanged': 'No había nada que cambiar.',
    } satisfies Record<AdminNotice, string>,
    linkDisabled: 'La cuenta está desactivada: no se le envían enlaces.',
  },
  agencies: {
    title: 'Entidades',
    intro:
      'Las entidades que lideran compromisos, por gobierno. Un cambio de nombre se ve de inmediato en las páginas públicas; el historial de cada compromiso conserva cómo se escribió en el informe.',
    caption: (government: string) => `Entidades de ${government}`,
    noGovernment: 'Sin gobierno',
    none: 'Este gobierno aún no tiene entidades.',
    noGovernments: 'Aún no hay gobiernos: importe primero el informe de un plan.',
    columns: { name: 'Entidad', acronym: 'Siglas', commitments: 'Compromisos que lidera', edit: 'Cambiar' },
    edit: (name: string) => `Cambiar el nombre o las siglas de ${name}`,
    save: 'Guardar',
    addTitle: 'Agregar una entidad',
    add: 'Agregar la entidad',
    viewPublic: 'Ver la página pública de entidades',
  },
  labels: {
    account: {
      email: 'Correo electrónico',
      name: 'Nombre de la persona',
      role: 'Rol',
      agency: 'Entidad',
      government: 'Gobierno',
      language: 'Idioma de los correos',
      id: 'Cuenta',
    } as Record<string, string>,
    agency: {
      government: 'Gobierno',
      name: 'Nombre de la entidad',
      acronym: 'Siglas (opcional)',
      id: 'Entidad',
    } as Record<string, string>,
  },
  hints: {
    agency: 'Solo para el rol «Edición de una entidad»: la entidad cuyos compromisos editará.',
    government: 'Para coordinación (si hay un solo gobierno, se usa ese) y, si corresponde, revisión independiente.',
    acronym: 'Por ejemplo, «PCM». Déjelo vacío si la entidad no tiene siglas.',
  },
  choose: 'Elija una opción',
  noneAgency: 'Ninguna',
  noneGovernment: 'Ninguno',
  languages: { es: 'Español', en: 'Inglés' } as Record<string, string>,
  reasons: reasonTexts({
    required: (label: string) => `Complete «${label}».`,
    invalid: (label: string, field: string) =>
      field === 'email' ? 'Escriba un correo electrónico válido, como nombre@ejemplo.gob.pe.' : `El valor de «${label}» no es válido.`,
    taken: (_label: string, _field: string, value: string) => `Ya existe una cuenta con el correo ${value}.`,
    unknown: (label: string) => `No existe ese valor de «${label}»: elija uno de la lista.`,
    'not-for-role': (_label: string, field: string) =>
      field === 'agency'
        ? 'Solo las cuentas con el rol «Edición de una entidad» llevan entidad: deje «Entidad» en «Ninguna».'
        : 'Las cuentas de administración y de sociedad civil no llevan gobierno: deje «Gobierno» en «Ninguno».',
    'choose-government': (_label: string, _field: string, value: string) =>
      value === '0' ? 'Aún no hay gobiernos: importe primero el informe de un plan.' : `Elija el gobierno: hay ${value}.`,
    mismatch: () => 'La entidad elegida no pertenece al gobierno elegido.',
    'no-account': () => 'No existe esa cuenta.',
    duplicate: (_label: string, _field: string, value: string) => `Ya existe una entidad con ese nombre en este gobierno: «${value}».`,
  }),
};

export type AdminMessages = typeof es;

const en: AdminMessages = {
  sectionTitle: 'Administration',
  sectionIntro: 'Accounts of the people who use the workspace, and the agencies of each government.',
  accounts: {
    title: 'Accounts',
    intro:
      'Create the accounts of the people who use the workspace. Each person chooses a password through a one-time link; disabling an account ends its sessions at once.',
    caption: 'Accounts, active ones first',
    none: 'There are no accounts yet.',
    columns: {
      name: 'Name',
      email: 'Email address',
      role: 'Role',
      agency: 'Agency',
      government: 'Government',
      status: 'Status',
      lastSeen: 'Last activity',
      actions: 'Actions',
    },
    active: 'Active',
    disabled: 'Disabled',
    noPassword: 'no password yet',
    lastSeenHint:
      'The last activity shows while the person has an open session: once they sign out, or the session ends, no record of it is kept.',
    you: '(your account)',
    disable: 'Disable',
    sendLink: 'Send a link to choose a password',
    createTitle: 'Create an account',
    create: 'Create the account',
    createdTitle: 'Account created',
    created: (p) =>
      `The account ${p.email} (${p.role}) was created. Send this person this link to choose a password: it is valid for ${p.hours} hours and works only once.`,
    linkLabel: 'Link to choose the password',
    linkOnce: 'Copy it now: for security, it will not be shown again. If it is lost, use “Send a link to choose a password”.',
    selfRefused: 'You cannot disable your own account. Ask another person with the administrator role to do it.',
    notices: {
      disabled: 'The account was disabled and its sessions were ended.',
      'already-disabled': 'The account was already disabled.',
      'link-sent': 'A link to choose a new password was sent by email (valid for one hour).',
      'link-logged': 'No mail server is configured (SMTP_HOST): the message with the link was written to the server log.',
      'link-throttled': 'Several links were already sent to that account in the last hour. Wait before asking for another.',
      'link-failed': 'The email could not be sent: the mail server did not answer or refused it. Try again later.',
      'agency-added': 'The agency was added.',
      'agency-saved': 'The changes to the agency were saved.',
      'agency-unchanged': 'There was nothing to change.',
    },
    linkDisabled: 'The account is disabled: no links are sent to it.',
  },
  agencies: {
    title: 'Agencies',
    intro:
      'The agencies that lead commitments, by government. A new name shows at once on the public pages; each commitment’s history keeps how the report wrote it.',
    caption: (government) => `Agencies of ${government}`,
    noGovernment: 'No government',
    none: 'This government has no agencies yet.',
    noGovernments: 'There are no governments yet: import the report of a plan first.',
    columns: { name: 'Agency', acronym: 'Acronym', commitments: 'Commitments it leads', edit: 'Change' },
    edit: (name) => `Change the name or acronym of ${name}`,
    save: 'Save',
    addTitle: 'Add an agency',
    add: 'Add the agency',
    viewPublic: 'See the public list of agencies',
  },
  labels: {
    account: {
      email: 'Email address',
      name: 'Name of the person',
      role: 'Role',
      agency: 'Agency',
      government: 'Government',
      language: 'Language of the emails',
      id: 'Account',
    },
    agency: {
      government: 'Government',
      name: 'Name of the agency',
      acronym: 'Acronym (optional)',
      id: 'Agency',
    },
  },
  hints: {
    agency: 'Only for the role “Agency editor”: the agency whose commitments the person will edit.',
    government: 'For coordinators (when there is only one government, that one is used) and, where it applies, independent reviewers.',
    acronym: 'For example “PCM”. Leave it empty if the agency has no acronym.',
  },
  choose: 'Choose an option',
  noneAgency: 'None',
  noneGovernment: 'None',
  languages: { es: 'Spanish', en: 'English' },
  reasons: {
    required: (label) => `Fill in “${label}”.`,
    invalid: (label, field) =>
      field === 'email' ? 'Enter a valid email address, like name@example.org.' : `The value of “${label}” is not valid.`,
    taken: (_label, _field, value) => `There is already an account with the email address ${value}.`,
    unknown: (label) => `There is no such “${label}”: choose one from the list.`,
    'not-for-role': (_label, field) =>
      field === 'agency'
        ? 'Only accounts with the role “Agency editor” have an agency: leave “Agency” at “None”.'
        : 'Administrator and civil society accounts have no government: leave “Government” at “None”.',
    'choose-government': (_label, _field, value) =>
      value === '0' ? 'There are no governments yet: import the report of a plan first.' : `Choose the government: there are ${value}.`,
    mismatch: () => 'The agency chosen does not belong to the government chosen.',
    'no-account': () => 'There is no such account.',
    duplicate: (_label, _field, value) => `There is already an agency with that name in this government: “${value}”.`,
  },
};

export const adminMessages: Record<Lang, AdminMessages> = { es, en };

export function isAdminNotice(value: unknown): value is AdminNotice {
  return typeof value === 'string' && (ADMIN_NOTICES as readonly string[]).includes(value);
}

/** A field error of the admin's forms in the reader's language, naming the field as the form labels it. */
export function adminFieldText(
  lang: Lang,
  form: AdminForm,
  e: { field: string; code: ErrorCode; limit?: number; reason?: AdminReason; value?: string },
): string {
  const m = adminMessages[lang];
  // Own labels only: a field named "constructor" is named as typed.
  const label = (Object.hasOwn(m.labels[form], e.field) ? m.labels[form][e.field] : undefined) ?? e.field;
  if (e.reason) return m.reasons[e.reason](label, e.field, e.value ?? '');
  return workspaceMessages[lang].errors[e.code](label, e.limit);
}

import type { Role } from '../domain/roles.js';
import type { Lang } from './lang.js';

/**
 * Every text of the account pages, the sign-in header, the password mail and `vigia user`, in
 * Spanish first and in English. `AccountMessages` is the Spanish catalogue's shape: the English one
 * must have exactly the same keys (the compiler says so).
 */
export type AccountField = 'email' | 'name' | 'role' | 'agency' | 'government' | 'language';
/** Why a value given to `vigia user add` (or the service behind it) was refused. */
export type AccountReason = 'required' | 'invalid' | 'taken' | 'unknown' | 'not-for-role' | 'choose-government' | 'mismatch' | 'no-account';

const es = {
  roles: {
    admin: 'Administración',
    coordinator: 'Coordinación',
    'agency-editor': 'Edición de una entidad',
    reviewer: 'Revisión independiente (MRI)',
    'civil-society': 'Sociedad civil',
  } satisfies Record<Role, string>,
  nav: {
    signIn: 'Ingresar',
    signOut: 'Salir',
    accountOf: 'Su cuenta:',
  },
  errorTitle: 'Hay un problema',
  errorPrefix: 'Error:',
  emailLabel: 'Correo electrónico',
  passwordLabel: 'Contraseña',
  signIn: {
    title: 'Ingresar',
    intro: 'Ingrese con el correo electrónico y la contraseña de su cuenta de Vigía. Las cuentas las crea la coordinación del plan.',
    submit: 'Ingresar',
    forgot: '¿Olvidó su contraseña?',
    emailMissing: 'Escriba su correo electrónico',
    passwordMissing: 'Escriba su contraseña',
    wrong: 'El correo electrónico o la contraseña no son correctos. Revíselos e inténtelo de nuevo.',
    limited:
      'Hubo demasiados intentos fallidos desde esta conexión. Por seguridad, espere 15 minutos antes de volver a intentarlo desde aquí, o pida un enlace para elegir una contraseña nueva.',
    passwordSaved: 'Su contraseña se guardó. Ya puede ingresar con ella.',
    signedOut: 'Salió de su cuenta.',
  },
  forgot: {
    title: 'Olvidé mi contraseña',
    intro: 'Escriba el correo electrónico de su cuenta. Le enviaremos un enlace para elegir una contraseña nueva.',
    submit: 'Enviar el enlace',
    emailMissing: 'Escriba su correo electrónico',
    emailInvalid: 'Escriba un correo electrónico válido, como nombre@ejemplo.gob.pe',
    sentTitle: 'Revise su correo',
    sent: (email: string) =>
      `Si existe una cuenta con el correo ${email}, le enviamos un enlace para elegir una contraseña nueva. El enlace vale una hora y se puede usar una sola vez.`,
    notReceived: 'Si no le llega en unos minutos, revise la carpeta de correo no deseado o vuelva a pedirlo.',
    again: 'Pedir otro enlace',
  },
  setPassword: {
    title: 'Elegir una contraseña',
    intro: (email: string) => `Elija la contraseña de la cuenta ${email}.`,
    newLabel: 'Contraseña nueva',
    hint: 'Al menos 12 caracteres. Puede ser una frase de varias palabras; no hace falta usar números ni símbolos. Evite contraseñas conocidas y las que use en otros sitios.',
    confirmLabel: 'Repita la contraseña',
    submit: 'Guardar la contraseña',
    missing: 'Escriba una contraseña',
    tooShort: 'La contraseña debe tener al menos 12 caracteres',
    tooLong: 'La contraseña debe tener como máximo 256 caracteres',
    common: 'Esa contraseña es de las más usadas y fáciles de adivinar: elija otra',
    likeEmail: 'La contraseña no puede ser su correo electrónico',
    confirmMissing: 'Repita la contraseña',
    mismatch: 'Las dos contraseñas no coinciden',
    invalidTitle: 'El enlace no es válido',
    invalid: 'El enlace para elegir la contraseña no es válido: puede que ya se haya usado o que haya vencido.',
    askAgain: 'Pedir un enlace nuevo',
  },
  account: {
    title: 'Su cuenta',
    name: 'Nombre',
    email: 'Correo electrónico',
    role: 'Rol',
    agency: 'Entidad',
    government: 'Gobierno',
    changePassword: 'Cambiar la contraseña',
    signOutHint: 'Al salir, su sesión se cierra también en el servidor.',
  },
  csrf: {
    refused:
      'No se pudo completar la acción: el formulario venció o no se envió desde Vigía. Vuelva a la página anterior, recárguela y envíelo de nuevo.',
  },
  mail: {
    resetSubject: 'Vigía: elija una contraseña nueva',
    resetBody: (p: { name: string; email: string; link: string }) =>
      `Hola, ${p.name}:\n\n` +
      `Se pidió elegir una contraseña nueva para la cuenta ${p.email} en Vigía. Para hacerlo, abra este enlace:\n\n` +
      `${p.link}\n\n` +
      'El enlace vale una hora y se puede usar una sola vez. Si usted no lo pidió, ignore este mensaje: su contraseña no cambió.\n',
    failuresSubject: 'Vigía: intentos fallidos de ingresar a su cuenta',
    failuresBody: (p: { name: string; email: string; count: number; minutes: number; until: string; link: string }) =>
      `Hola, ${p.name}:\n\n` +
      `En los últimos ${p.minutes} minutos (hasta el ${p.until}) hubo ${p.count} intentos fallidos de ingresar a la cuenta ${p.email} en Vigía con una contraseña equivocada.\n\n` +
      'Su cuenta no está bloqueada: con su contraseña puede ingresar como siempre, quizá tras unos segundos de espera mientras sigan los intentos.\n\n' +
      'Si fue usted, no hace falta hacer nada. Si no fue usted, alguien puede estar intentando adivinar su contraseña: elija una contraseña nueva, larga y que no use en otro sitio, en esta página:\n\n' +
      `${p.link}\n\n` +
      `Si los intentos siguen, recibirá a lo sumo un aviso como este cada ${p.minutes} minutos.\n`,
    logged: 'Correo no enviado (no hay SMTP_HOST): se escribe aquí.',
  },
  cli: {
    userDescription: 'Cuentas de las personas que usan el espacio de trabajo.',
    addDescription: 'Crea una cuenta e imprime un enlace de un solo uso para elegir la contraseña.',
    disableDescription: 'Desactiva una cuenta y cierra sus sesiones.',
    optEmail: 'correo electrónico de la persona',
    optName: 'nombre de la persona',
    optRole: 'rol: coordinator, agency-editor, reviewer, civil-society o admin',
    optAgency: 'la entidad (obligatoria para agency-editor)',
    optGovernment: 'el gobierno (coordinator: por defecto, el único que haya)',
    optLanguage: 'idioma de los correos que recibirá: es (por defecto) o en',
    added: (p: { email: string; role: string; hours: number }) =>
      `Cuenta creada: ${p.email} (${p.role}). Envíe a esa persona este enlace para elegir su contraseña (vale ${p.hours} horas y se puede usar una sola vez):`,
    disabled: (email: string) => `Cuenta desactivada: ${email}. Sus sesiones se cerraron.`,
    alreadyDisabled: (email: string) => `La cuenta ${email} ya estaba desactivada.`,
    invalid: (field: string, reason: AccountReason, value: string) =>
      ({
        required: `falta ${field}.`,
        invalid: `el valor de ${field} no es válido: «${value}».`,
        taken: `ya existe una cuenta con el correo ${value}.`,
        unknown: `no existe ${field === '--agency' ? 'la entidad' : 'el gobierno'} ${value}.`,
        'not-for-role': `${field} no corresponde al rol ${value}.`,
        'choose-government': `indique el gobierno con --government: hay ${value} gobiernos${value === '0' ? ' (importe primero un plan)' : ''}.`,
        mismatch: `la entidad ${value} no pertenece al gobierno indicado con --government.`,
        'no-account': `no existe ninguna cuenta con el correo ${value}.`,
      })[reason],
  },
};

export type AccountMessages = typeof es;

const en: AccountMessages = {
  roles: {
    admin: 'Administrator',
    coordinator: 'Coordinator',
    'agency-editor': 'Agency editor',
    reviewer: 'Independent reviewer (IRM)',
    'civil-society': 'Civil society',
  },
  nav: {
    signIn: 'Sign in',
    signOut: 'Sign out',
    accountOf: 'Your account:',
  },
  errorTitle: 'There is a problem',
  errorPrefix: 'Error:',
  emailLabel: 'Email address',
  passwordLabel: 'Password',
  signIn: {
    title: 'Sign in',
    intro: 'Sign in with the email address and password of your Vigía account. Accounts are created by the plan’s coordinators.',
    submit: 'Sign in',
    forgot: 'Forgotten your password?',
    emailMissing: 'Enter your email address',
    passwordMissing: 'Enter your password',
    wrong: 'The email address or the password is not right. Check them and try again.',
    limited:
      'There were too many failed attempts from this connection. For your security, wait 15 minutes before trying again from here, or ask for a link to choose a new password.',
    passwordSaved: 'Your password was saved. You can now sign in with it.',
    signedOut: 'You have signed out.',
  },
  forgot: {
    title: 'Forgotten password',
    intro: 'Enter the email address of your account. We will send you a link to choose a new password.',
    submit: 'Send the link',
    emailMissing: 'Enter your email address',
    emailInvalid: 'Enter a valid email address, like name@example.org',
    sentTitle: 'Check your email',
    sent: (email: string) =>
      `If there is an account with the email address ${email}, we have sent it a link to choose a new password. The link is valid for one hour and works only once.`,
    notReceived: 'If it does not arrive within a few minutes, check your spam folder or ask again.',
    again: 'Ask for another link',
  },
  setPassword: {
    title: 'Choose a password',
    intro: (email: string) => `Choose the password of the account ${email}.`,
    newLabel: 'New password',
    hint: 'At least 12 characters. It can be a phrase of several words; numbers and symbols are not needed. Avoid well-known passwords and those you use on other sites.',
    confirmLabel: 'Enter the password again',
    submit: 'Save the password',
    missing: 'Enter a password',
    tooShort: 'The password must be at least 12 characters long',
    tooLong: 'The password must be at most 256 characters long',
    common: 'That password is one of the most used and easiest to guess: choose another',
    likeEmail: 'The password cannot be your email address',
    confirmMissing: 'Enter the password again',
    mismatch: 'The two passwords do not match',
    invalidTitle: 'The link is not valid',
    invalid: 'The link to choose a password is not valid: it may have been used already, or it has expired.',
    askAgain: 'Ask for a new link',
  },
  account: {
    title: 'Your account',
    name: 'Name',
    email: 'Email address',
    role: 'Role',
    agency: 'Agency',
    government: 'Government',
    changePassword: 'Change the password',
    signOutHint: 'Signing out ends your session on the server too.',
  },
  csrf: {
    refused:
      'The action could not be completed: the form has expired or was not sent from Vigía. Go back to the previous page, reload it and send it again.',
  },
  mail: {
    resetSubject: 'Vigía: choose a new password',
    resetBody: (p) =>
      `Hello ${p.name},\n\n` +
      `Someone asked to choose a new password for the account ${p.email} on Vigía. To do so, open this link:\n\n` +
      `${p.link}\n\n` +
      'The link is valid for one hour and works only once. If you did not ask for it, ignore this message: your password has not changed.\n',
    failuresSubject: 'Vigía: failed attempts to sign in to your account',
    failuresBody: (p) =>
      `Hello ${p.name},\n\n` +
      `In the last ${p.minutes} minutes (until ${p.until}) there were ${p.count} failed attempts to sign in to the account ${p.email} on Vigía with a wrong password.\n\n` +
      'Your account is not locked: you can sign in with your password as usual, perhaps after a few seconds of waiting while the attempts go on.\n\n' +
      'If it was you, there is nothing to do. If it was not, someone may be trying to guess your password: choose a new one, long and not used on any other site, on this page:\n\n' +
      `${p.link}\n\n` +
      `If the attempts go on, you will get at most one notice like this every ${p.minutes} minutes.\n`,
    logged: 'Mail not sent (SMTP_HOST is not set): written here instead.',
  },
  cli: {
    userDescription: 'Accounts of the people who use the workspace.',
    addDescription: 'Creates an account and prints a one-time link to choose its password.',
    disableDescription: 'Disables an account and ends its sessions.',
    optEmail: 'the person’s email address',
    optName: 'the person’s name',
    optRole: 'role: coordinator, agency-editor, reviewer, civil-society or admin',
    optAgency: 'the agency (required for agency-editor)',
    optGovernment: 'the government (coordinator: by default, the only one there is)',
    optLanguage: 'language of the mail the person gets: es (the default) or en',
    added: (p) =>
      `Account created: ${p.email} (${p.role}). Send this person this link to choose a password (valid for ${p.hours} hours, works only once):`,
    disabled: (email) => `Account disabled: ${email}. Its sessions were ended.`,
    alreadyDisabled: (email) => `The account ${email} was already disabled.`,
    invalid: (field, reason, value) =>
      ({
        required: `${field} is missing.`,
        invalid: `the value of ${field} is not valid: “${value}”.`,
        taken: `there is already an account with the email address ${value}.`,
        unknown: `there is no ${field === '--agency' ? 'agency' : 'government'} ${value}.`,
        'not-for-role': `${field} does not apply to the role ${value}.`,
        'choose-government': `say which government with --government: there are ${value} governments${value === '0' ? ' (import a plan first)' : ''}.`,
        mismatch: `agency ${value} does not belong to the government given with --government.`,
        'no-account': `there is no account with the email address ${value}.`,
      })[reason],
  },
};

export const accountMessages: Record<Lang, AccountMessages> = { es, en };

import type { FileRefusalCode } from '../domain/file-types.js';
import type { ActiveContentKind } from '../domain/office-content.js';
import { formatNumber } from './index.js';
import type { Lang } from './lang.js';

/**
 * Words about evidence files: why an upload was refused, and the names of file types. Kept apart from
 * es.ts / en.ts so that uploads can grow without touching the main catalogues; the same rule holds:
 * every key in Spanish exists in English (FileMessages is the Spanish catalogue's type).
 */

type P = Record<string, string | number | undefined>;

/** Refusals of the multipart form itself, before any file is looked at. */
export const FORM_REFUSAL_CODES = [
  'not_multipart',
  'too_many_parts',
  'form_damaged',
  'field_too_long',
  'field_repeated',
  'field_name',
] as const;
export type FormRefusalCode = (typeof FORM_REFUSAL_CODES)[number];
export type UploadRefusalCode = FileRefusalCode | FormRefusalCode;

/** Type keys with a name of their own: the accepted types, and what people commonly send instead. */
type TypeKey =
  | 'pdf'
  | 'docx'
  | 'xlsx'
  | 'odt'
  | 'ods'
  | 'csv'
  | 'png'
  | 'jpeg'
  | 'exe'
  | 'elf'
  | 'macho'
  | 'cfb'
  | 'zip'
  | 'rar'
  | '7z'
  | 'gif'
  | 'bmp'
  | 'tif'
  | 'webp'
  | 'rtf'
  | 'xml'
  | 'docm'
  | 'xlsm'
  | 'pptx'
  | 'odp'
  | 'dotx'
  | 'xltx'
  | 'jar'
  | 'apk'
  | 'msi';

const MB = 1024 * 1024;
/** A size as people read it: "20 MB", "25,3 MB"; under a megabyte (test settings) in kB. */
const mb = (bytes: string | number | undefined, lang: Lang) => {
  const n = Number(bytes);
  return n < MB ? `${formatNumber(Math.ceil(n / 1024), lang, 0)} kB` : `${formatNumber(n / MB, lang, 1)} MB`;
};

/** Active content with words of its own (macros and encryption have their own refusals). */
type ActiveKey = Exclude<ActiveContentKind, 'macros' | 'encrypted'>;

interface Shape {
  /** The form field's label, as errors name it. */
  fieldLabel: string;
  refusals: Record<UploadRefusalCode, (p: P) => string>;
  /** What a document does, for active_content: "carga una plantilla remota"; `detail` names it better. */
  activeContent: Record<ActiveKey, (detail: string | undefined) => string>;
  typeNames: Record<TypeKey, string>;
  /** "PDF, DOCX, …": what is accepted, for help texts next to the field. */
  acceptedHint: (maxBytes: number) => string;
}

const es = {
  fieldLabel: 'Archivo',
  refusals: {
    empty: (p: P) => `El archivo «${p.name}» está vacío`,
    too_large: (p: P) =>
      p.size === undefined
        ? `El archivo supera el límite de ${mb(p.limit, 'es')}`
        : `El archivo «${p.name}» pesa ${mb(p.size, 'es')} y el límite es de ${mb(p.limit, 'es')}`,
    name_missing: () => 'El archivo no tiene nombre',
    name_path: (p: P) =>
      `El nombre «${p.name}» incluye una carpeta o unidad de disco: envíe solo el nombre del archivo, sin «/», «\\», «..» ni «C:»`,
    name_control: () => 'El nombre del archivo tiene caracteres de control o invisibles: cámbiele el nombre y envíelo de nuevo',
    name_too_long: (p: P) => `El nombre del archivo es demasiado largo (más de ${p.max} bytes)`,
    extension_not_accepted: (p: P) =>
      `${p.extension ? `No se aceptan archivos «.${p.extension}»` : `El nombre «${p.name}» no termina en una extensión`}. Se aceptan PDF, DOCX, XLSX, ODT, ODS, CSV, PNG y JPEG`,
    type_unknown: (p: P) => `El contenido de «${p.name}» no es ${typeName(p.expected, 'es')}: no se reconoce su tipo`,
    type_mismatch: (p: P) =>
      `El contenido de «${p.name}» es ${typeName(p.detected, 'es')}, pero el nombre dice ${typeName(p.expected, 'es')}. Vigía comprueba el contenido, no el nombre`,
    csv_not_text: (p: P) =>
      `«${p.name}» no es un CSV de texto en UTF-8 (no es UTF-8 válido o tiene bytes nulos). Guárdelo como «CSV UTF-8»`,
    archive_too_large: (p: P) =>
      `Descomprimido, «${p.name}» ocuparía más de ${mb(p.limit, 'es')}: se rechaza como posible bomba de compresión`,
    archive_too_many_entries: (p: P) =>
      `«${p.name}» contiene más de ${p.max} archivos internos: se rechaza como posible bomba de compresión`,
    damaged: (p: P) =>
      `«${p.name}» está dañado o tiene una estructura interna que no se acepta para ${typeName(p.type, 'es')}. Ábralo y guárdelo de nuevo desde su programa`,
    macros: (p: P) =>
      `«${p.name}» contiene macros${p.part ? ` (${p.part})` : ''}, que no se aceptan: guárdelo sin macros o como PDF y envíelo de nuevo`,
    active_content: (p: P) =>
      `El documento «${p.name}» ${activeWords(p, 'es')} (${p.part}): no se aceptan documentos que ejecutan programas o traen contenido de fuera. Quítelo, o guarde el documento como PDF, y envíelo de nuevo`,
    encrypted: (p: P) =>
      `«${p.name}» está cifrado con contraseña y no se puede revisar su contenido: guárdelo sin contraseña y envíelo de nuevo`,
    too_complex: (p: P) =>
      `«${p.name}» tiene más de ${formatNumber(Number(p.max), 'es', 0)} fórmulas, campos o vínculos que revisar: se rechaza como posible bomba. Divídalo en archivos más pequeños o guárdelo como PDF`,
    polyglot: (p: P) => `«${p.name}» lleva, además de ${typeName(p.type, 'es')}, otro archivo adosado al final: no se acepta`,
    not_multipart: () => 'El formulario debe enviarse como multipart/form-data',
    too_many_parts: (p: P) => `El formulario trae demasiadas partes: se admite un archivo y hasta ${p.max} campos`,
    form_damaged: () => 'El formulario llegó incompleto o dañado: envíelo de nuevo',
    field_too_long: (p: P) => `El campo «${p.field}» es demasiado largo`,
    field_repeated: (p: P) => `El campo «${p.field}» viene más de una vez`,
    field_name: (p: P) => `El formulario trae un campo con un nombre que no se acepta («${p.field}»)`,
  },
  typeNames: {
    pdf: 'un PDF',
    docx: 'un documento de Word (DOCX)',
    xlsx: 'una hoja de Excel (XLSX)',
    odt: 'un documento de texto OpenDocument (ODT)',
    ods: 'una hoja de cálculo OpenDocument (ODS)',
    csv: 'un CSV',
    png: 'una imagen PNG',
    jpeg: 'una imagen JPEG',
    exe: 'un programa de Windows (EXE)',
    elf: 'un programa de Linux (ELF)',
    macho: 'un programa de macOS (Mach-O)',
    msi: 'un instalador de Windows (MSI)',
    cfb: 'un documento de Office antiguo o protegido con contraseña (DOC, XLS)',
    zip: 'un archivo comprimido ZIP',
    rar: 'un archivo comprimido RAR',
    '7z': 'un archivo comprimido 7z',
    gif: 'una imagen GIF',
    bmp: 'una imagen BMP',
    tif: 'una imagen TIFF',
    webp: 'una imagen WebP',
    rtf: 'un documento RTF',
    xml: 'un archivo XML',
    docm: 'un documento de Word con macros (DOCM)',
    xlsm: 'una hoja de Excel con macros (XLSM)',
    pptx: 'una presentación de PowerPoint (PPTX)',
    odp: 'una presentación OpenDocument (ODP)',
    dotx: 'una plantilla de Word (DOTX)',
    xltx: 'una plantilla de Excel (XLTX)',
    jar: 'un programa Java (JAR)',
    apk: 'una aplicación de Android (APK)',
  },
  activeContent: {
    remote_template: () => 'carga una plantilla remota',
    external_object: () => 'enlaza un objeto que está fuera del documento',
    external_frame: () => 'carga un marco que está fuera del documento',
    external_subdocument: () => 'incluye un subdocumento que está fuera del documento',
    external_workbook: () => 'enlaza con otro libro de cálculo',
    external_resource: (d) => `carga un recurso que está fuera del documento${d ? ` («${d}»)` : ''}`,
    external_data: () => 'tiene una conexión a datos externos',
    dde: (d) => `tiene un enlace DDE${d ? ` (${d})` : ''}, que puede ejecutar programas`,
    include_field: (d) => `tiene un campo${d ? ` ${d}` : ''} que trae contenido de fuera del documento`,
    hidden_field: () => 'tiene un campo cuyo nombre lo forma otro campo (así se ocultan los campos DDE)',
    ole_object: () => 'tiene un objeto OLE incrustado',
    activex: () => 'tiene controles ActiveX',
    embedded_program: (d) => `tiene un programa incrustado${d ? ` («${d}»)` : ''}`,
    scripts: () => 'tiene scripts o eventos que ejecutan macros',
    web_formula: (d) => `tiene una fórmula${d ? ` ${d}` : ''} que consulta la web`,
    hyperlink_formula: () => 'tiene una fórmula HYPERLINK',
  },
  acceptedHint: (maxBytes: number) => `PDF, DOCX, XLSX, ODT, ODS, CSV, PNG o JPEG; hasta ${mb(maxBytes, 'es')}.`,
} satisfies Shape;

export type FileMessages = typeof es;

const en: FileMessages = {
  fieldLabel: 'File',
  refusals: {
    empty: (p: P) => `The file “${p.name}” is empty`,
    too_large: (p: P) =>
      p.size === undefined
        ? `The file is larger than the limit of ${mb(p.limit, 'en')}`
        : `The file “${p.name}” is ${mb(p.size, 'en')} and the limit is ${mb(p.limit, 'en')}`,
    name_missing: () => 'The file has no name',
    name_path: (p: P) => `The name “${p.name}” includes a folder or drive: send the file's name only, without “/”, “\\”, “..” or “C:”`,
    name_control: () => 'The file name has control or invisible characters: rename it and send it again',
    name_too_long: (p: P) => `The file name is too long (more than ${p.max} bytes)`,
    extension_not_accepted: (p: P) =>
      `${p.extension ? `“.${p.extension}” files are not accepted` : `The name “${p.name}” has no extension`}. PDF, DOCX, XLSX, ODT, ODS, CSV, PNG and JPEG are accepted`,
    type_unknown: (p: P) => `The content of “${p.name}” is not ${typeName(p.expected, 'en')}: its type is not recognised`,
    type_mismatch: (p: P) =>
      `The content of “${p.name}” is ${typeName(p.detected, 'en')}, but its name says ${typeName(p.expected, 'en')}. Vigía checks the content, not the name`,
    csv_not_text: (p: P) => `“${p.name}” is not a UTF-8 text CSV (it is not valid UTF-8 or has NUL bytes). Save it as “CSV UTF-8”`,
    archive_too_large: (p: P) => `Unpacked, “${p.name}” would take more than ${mb(p.limit, 'en')}: refused as a possible zip bomb`,
    archive_too_many_entries: (p: P) => `“${p.name}” holds more than ${p.max} files inside: refused as a possible zip bomb`,
    damaged: (p: P) =>
      `“${p.name}” is damaged or has an inner structure that is not accepted for ${typeName(p.type, 'en')}. Open it and save it again from its program`,
    macros: (p: P) =>
      `“${p.name}” contains macros${p.part ? ` (${p.part})` : ''}, which are not accepted: save it without macros or as a PDF and send it again`,
    active_content: (p: P) =>
      `The document “${p.name}” ${activeWords(p, 'en')} (${p.part}): documents that run programs or bring in content from outside are not accepted. Remove it, or save the document as a PDF, and send it again`,
    encrypted: (p: P) =>
      `“${p.name}” is encrypted with a password and its content cannot be checked: save it without a password and send it again`,
    too_complex: (p: P) =>
      `“${p.name}” has more than ${formatNumber(Number(p.max), 'en', 0)} formulas, fields or links to check: refused as a possible bomb. Split it into smaller files or save it as a PDF`,
    polyglot: (p: P) => `“${p.name}” carries another file appended to ${typeName(p.type, 'en')}: not accepted`,
    not_multipart: () => 'The form must be sent as multipart/form-data',
    too_many_parts: (p: P) => `The form has too many parts: one file and up to ${p.max} fields are accepted`,
    form_damaged: () => 'The form arrived incomplete or damaged: send it again',
    field_too_long: (p: P) => `The field “${p.field}” is too long`,
    field_repeated: (p: P) => `The field “${p.field}” comes more than once`,
    field_name: (p: P) => `The form has a field whose name is not accepted (“${p.field}”)`,
  },
  typeNames: {
    pdf: 'a PDF',
    docx: 'a Word document (DOCX)',
    xlsx: 'an Excel workbook (XLSX)',
    odt: 'an OpenDocument text (ODT)',
    ods: 'an OpenDocument spreadsheet (ODS)',
    csv: 'a CSV',
    png: 'a PNG image',
    jpeg: 'a JPEG image',
    exe: 'a Windows program (EXE)',
    elf: 'a Linux program (ELF)',
    macho: 'a macOS program (Mach-O)',
    msi: 'a Windows installer (MSI)',
    cfb: 'an old or password-protected Office document (DOC, XLS)',
    zip: 'a ZIP archive',
    rar: 'a RAR archive',
    '7z': 'a 7z archive',
    gif: 'a GIF image',
    bmp: 'a BMP image',
    tif: 'a TIFF image',
    webp: 'a WebP image',
    rtf: 'an RTF document',
    xml: 'an XML file',
    docm: 'a Word document with macros (DOCM)',
    xlsm: 'an Excel workbook with macros (XLSM)',
    pptx: 'a PowerPoint presentation (PPTX)',
    odp: 'an OpenDocument presentation (ODP)',
    dotx: 'a Word template (DOTX)',
    xltx: 'an Excel template (XLTX)',
    jar: 'a Java program (JAR)',
    apk: 'an Android app (APK)',
  },
  activeContent: {
    remote_template: () => 'loads a remote template',
    external_object: () => 'links an object from outside the document',
    external_frame: () => 'loads a frame from outside the document',
    external_subdocument: () => 'includes a subdocument from outside the document',
    external_workbook: () => 'links to another workbook',
    external_resource: (d) => `loads a resource from outside the document${d ? ` (“${d}”)` : ''}`,
    external_data: () => 'has a connection to external data',
    dde: (d) => `has a DDE link${d ? ` (${d})` : ''}, which can run programs`,
    include_field: (d) => `has a${d ? ` ${d}` : ''} field that brings in content from outside the document`,
    hidden_field: () => 'has a field whose name is made by another field (how DDE fields are hidden)',
    ole_object: () => 'has an embedded OLE object',
    activex: () => 'has ActiveX controls',
    embedded_program: (d) => `has an embedded program${d ? ` (“${d}”)` : ''}`,
    scripts: () => 'has scripts or events that run macros',
    web_formula: (d) => `has a${d ? ` ${d}` : ''} formula that fetches from the web`,
    hyperlink_formula: () => 'has a HYPERLINK formula',
  },
  acceptedHint: (maxBytes: number) => `PDF, DOCX, XLSX, ODT, ODS, CSV, PNG or JPEG; up to ${mb(maxBytes, 'en')}.`,
};

export const fileMessages: Record<Lang, FileMessages> = { es, en };

/** A type key as words: "un PDF", "a Windows program (EXE)"; an unnamed one by its extension in capitals. */
export function typeName(key: string | number | undefined, lang: Lang): string {
  const k = String(key ?? '');
  const names: Record<string, string> = fileMessages[lang].typeNames;
  if (Object.hasOwn(names, k)) return names[k]!;
  const upper = k.toUpperCase() || '?';
  return lang === 'es' ? `un archivo ${upper}` : `a ${upper} file`;
}

/** What an active_content refusal found, in words (a kind without words of its own: by its key). */
function activeWords(p: P, lang: Lang): string {
  const words: Record<string, (d: string | undefined) => string> = fileMessages[lang].activeContent;
  const kind = String(p.kind ?? '');
  const detail = p.detail === undefined ? undefined : String(p.detail);
  return Object.hasOwn(words, kind)
    ? words[kind]!(detail)
    : lang === 'es'
      ? `tiene contenido activo (${kind})`
      : `has active content (${kind})`;
}

/** The sentence for a refusal, without a final full stop (it is set inside the app's "not valid: …" message). */
export function refusalMessage(refusal: { code: UploadRefusalCode; params: P }, lang: Lang): string {
  return fileMessages[lang].refusals[refusal.code](refusal.params);
}

import { int, pick, type Rng } from './rng.js';

/**
 * The synthetic dataset's text, in Spanish and English at once: every sentence is built from the same
 * picks in two parallel word lists, so the English is the Spanish's translation (and the reverse), and a
 * government writing in either language gets the other in `translations`. Lengths follow the seed's fichas:
 * a description of a few hundred words, problem and ambition of a paragraph, activities of a line or two.
 */
export interface Bi {
  es: string;
  en: string;
}

type Pair = readonly [es: string, en: string];

const bi = (es: string, en: string): Bi => ({ es, en });
const join = (parts: Bi[], sep = ' '): Bi => bi(parts.map((p) => p.es).join(sep), parts.map((p) => p.en).join(sep));
const from = (p: Pair): Bi => bi(p[0], p[1]);
/** Not toLocaleString: its output depends on the ICU data a Node build carries, and the dataset must not. */
const thousands = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+$)/g, sep);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Words a search over the dataset finds in many commitments (the benchmark and the tests search for them). */
export const COMMON_SEARCH_WORDS = ['transparencia', 'participación', 'contrataciones'] as const;

export const THEMES: readonly Pair[] = [
  ['Transparencia y acceso a la información pública', 'Transparency and access to public information'],
  ['Rendición de cuentas', 'Public accountability'],
  ['Participación ciudadana', 'Civic participation'],
  ['Mejora de los servicios públicos', 'Better public services'],
  ['Integridad pública y lucha contra la corrupción', 'Public integrity and anti-corruption'],
  ['Datos abiertos e innovación', 'Open data and innovation'],
  ['Justicia abierta', 'Open justice'],
  ['Medio ambiente y recursos naturales', 'Environment and natural resources'],
  ['Gobierno digital', 'Digital government'],
  ['Contrataciones abiertas', 'Open contracting'],
];

const VERBS: readonly Pair[] = [
  ['Fortalecer', 'Strengthen'],
  ['Implementar', 'Implement'],
  ['Mejorar', 'Improve'],
  ['Crear', 'Create'],
  ['Ampliar', 'Expand'],
  ['Institucionalizar', 'Institutionalise'],
  ['Promover', 'Promote'],
  ['Publicar', 'Publish'],
  ['Desarrollar', 'Develop'],
  ['Modernizar', 'Modernise'],
  ['Garantizar', 'Guarantee'],
  ['Diseñar', 'Design'],
  ['Articular', 'Coordinate'],
  ['Consolidar', 'Consolidate'],
];

const VERBS_3RD: readonly Pair[] = [
  ['fortalece', 'strengthens'],
  ['implementa', 'implements'],
  ['publica', 'publishes'],
  ['revisa', 'reviews'],
  ['coordina', 'coordinates'],
  ['evalúa', 'evaluates'],
  ['actualiza', 'updates'],
  ['difunde', 'disseminates'],
  ['sistematiza', 'systematises'],
  ['supervisa', 'oversees'],
];

const OBJECTS: readonly Pair[] = [
  ['el portal de transparencia estándar', 'the standard transparency portal'],
  ['el registro de beneficiarios finales', 'the register of beneficial owners'],
  ['los datos abiertos de contrataciones públicas', 'open data on public procurement'],
  ['el sistema de quejas y reclamos ciudadanos', 'the system for citizen complaints'],
  ['la rendición de cuentas de los gobiernos regionales', 'the accountability of regional governments'],
  ['el acceso a la información pública', 'access to public information'],
  ['la participación ciudadana en el presupuesto', 'citizen participation in the budget'],
  ['las declaraciones juradas de intereses', 'sworn declarations of interests'],
  ['el catálogo de servicios digitales', 'the catalogue of digital services'],
  ['la vigilancia social de los programas sociales', 'social oversight of welfare programmes'],
  ['los mecanismos de consulta previa', 'the mechanisms of prior consultation'],
  ['la información sobre industrias extractivas', 'information on extractive industries'],
  ['el observatorio de conflictos sociales', 'the observatory of social conflicts'],
  ['la transparencia del gasto en salud', 'the transparency of health spending'],
  ['el gobierno digital en los municipios', 'digital government in municipalities'],
  ['la protección de denunciantes', 'the protection of whistle-blowers'],
  ['el acceso a la justicia', 'access to justice'],
  ['los datos de calidad del aire y del agua', 'air and water quality data'],
  ['la agenda de reuniones de autoridades', 'the meeting agendas of officials'],
  ['el seguimiento de las obras públicas', 'the monitoring of public works'],
  ['la información presupuestal de las escuelas', 'the budget information of schools'],
  ['los registros de cabildeo', 'the lobbying registers'],
  ['el archivo de documentos públicos', 'the archive of public records'],
  ['las compras públicas sostenibles', 'sustainable public purchasing'],
  ['la atención al ciudadano en ventanilla única', 'one-stop citizen service'],
];

const SCOPES: readonly Pair[] = [
  ['en los tres niveles de gobierno', 'at all three levels of government'],
  ['a nivel regional y local', 'at regional and local level'],
  ['con enfoque de género e interculturalidad', 'with a gender and intercultural approach'],
  ['para las comunidades indígenas', 'for indigenous communities'],
  ['en las zonas rurales', 'in rural areas'],
  ['mediante herramientas digitales', 'through digital tools'],
  ['en formatos abiertos y reutilizables', 'in open, reusable formats'],
  ['con la sociedad civil organizada', 'with organised civil society'],
  ['en coordinación con la academia', 'in coordination with academia'],
  ['en un plazo de dos años', 'within two years'],
];

const SUBJECTS: readonly Pair[] = [
  ['La entidad responsable', 'The lead agency'],
  ['La Secretaría de Gestión Pública', 'The Public Management Secretariat'],
  ['El equipo técnico', 'The technical team'],
  ['La comisión de seguimiento', 'The monitoring commission'],
  ['El comité de gobierno abierto', 'The open government committee'],
  ['La oficina de planeamiento', 'The planning office'],
  ['La mesa de trabajo multiactor', 'The multi-stakeholder working group'],
];

const PROBLEMS: readonly Pair[] = [
  ['la información no se publica de forma oportuna ni completa', 'information is not published in a timely or complete way'],
  ['los ciudadanos desconocen los canales para presentar sus reclamos', 'citizens do not know how to file complaints'],
  ['las entidades aplican criterios distintos al responder las solicitudes', 'agencies apply different criteria when answering requests'],
  ['no existe un registro único y actualizado', 'there is no single, up-to-date register'],
  ['los datos se publican en formatos cerrados que impiden su reutilización', 'data are published in closed formats that prevent reuse'],
  ['la participación se limita a consultas puntuales sin seguimiento', 'participation is limited to one-off consultations without follow-up'],
  ['los funcionarios no cuentan con capacitación suficiente', 'officials lack sufficient training'],
  ['las sanciones por incumplimiento no se aplican', 'penalties for non-compliance are not enforced'],
];

const CONSEQUENCES: readonly Pair[] = [
  ['lo que debilita la confianza de la ciudadanía en las instituciones', 'which weakens public trust in institutions'],
  ['lo que dificulta el control social de los recursos públicos', 'which hampers social oversight of public resources'],
  ['lo que aumenta los riesgos de corrupción', 'which increases the risks of corruption'],
  ['lo que impide medir los resultados de las políticas públicas', 'which makes it impossible to measure policy results'],
  ['lo que genera demoras y costos innecesarios para los usuarios', 'which causes delays and needless costs for users'],
];

const PURPOSES: readonly Pair[] = [
  ['asegurar que la ciudadanía pueda vigilar el uso de los recursos', 'ensure that citizens can monitor the use of resources'],
  ['reducir los tiempos de respuesta a las solicitudes de información', 'cut the time taken to answer information requests'],
  ['mejorar la calidad de los servicios que presta el Estado', 'improve the quality of the services the State provides'],
  ['incorporar la voz de la sociedad civil en la toma de decisiones', 'bring the voice of civil society into decision-making'],
  ['prevenir conflictos de intereses en la gestión pública', 'prevent conflicts of interest in public management'],
  ['facilitar la reutilización de los datos por periodistas e investigadores', 'make data easier to reuse for journalists and researchers'],
  ['fortalecer la transparencia en las contrataciones del Estado', 'strengthen transparency in State procurement'],
];

const ACTIVITY_NOUNS: readonly Pair[] = [
  ['talleres de capacitación', 'training workshops'],
  ['mesas de diálogo', 'dialogue tables'],
  ['consultas públicas en línea', 'online public consultations'],
  ['reuniones técnicas', 'technical meetings'],
  ['audiencias públicas', 'public hearings'],
  ['campañas de difusión', 'awareness campaigns'],
  ['pruebas piloto', 'pilot tests'],
];

const STAKEHOLDERS: readonly Pair[] = [
  ['organizaciones de la sociedad civil', 'civil society organisations'],
  ['funcionarios y servidores públicos', 'officials and public servants'],
  ['gremios empresariales', 'business associations'],
  ['universidades y centros de investigación', 'universities and research centres'],
  ['gobiernos regionales y locales', 'regional and local governments'],
  ['periodistas y medios de comunicación', 'journalists and the media'],
];

const BENEFICIARIES: readonly Pair[] = [
  ['ciudadanos', 'citizens'],
  ['entidades públicas', 'public agencies'],
  ['municipalidades', 'municipalities'],
  ['escuelas', 'schools'],
  ['usuarios de los servicios', 'service users'],
];

const DELIVERABLES: readonly Pair[] = [
  ['Informe técnico aprobado', 'Approved technical report'],
  ['Norma publicada en el diario oficial', 'Rule published in the official gazette'],
  ['Plataforma en funcionamiento', 'Platform in operation'],
  ['Actas de las reuniones', 'Minutes of the meetings'],
  ['Conjunto de datos publicado', 'Dataset published'],
  ['Guía metodológica', 'Methodological guide'],
];

const EVIDENCE_NOUNS: readonly Pair[] = [
  ['Acta de la reunión', 'Minutes of the meeting'],
  ['Resolución ministerial', 'Ministerial resolution'],
  ['Informe de avance', 'Progress report'],
  ['Lista de asistentes', 'List of attendees'],
  ['Nota de prensa', 'Press release'],
  ['Captura del portal', 'Screenshot of the portal'],
];

const REASONS: readonly Pair[] = [
  ['Los cambios en la alta dirección retrasaron la aprobación de la propuesta.', 'Changes in senior management delayed the approval of the proposal.'],
  ['El presupuesto asignado no fue suficiente para el alcance previsto.', 'The budget allocated was not enough for the planned scope.'],
  ['La coordinación con otras entidades tomó más tiempo del previsto.', 'Coordination with other agencies took longer than planned.'],
  ['El proceso de contratación del proveedor fue declarado desierto.', 'The tender for the supplier failed and had to be repeated.'],
  ['La emergencia sanitaria obligó a reprogramar las actividades presenciales.', 'The health emergency forced in-person activities to be rescheduled.'],
];

const FIRST_NAMES = ['María', 'José', 'Ana', 'Luis', 'Carmen', 'Jorge', 'Rosa', 'Carlos', 'Elena', 'Miguel', 'Lucía', 'Pedro', 'Sofía', 'Javier', 'Patricia', 'Andrés'];
const LAST_NAMES = ['García', 'Rodríguez', 'Quispe', 'Mamani', 'Flores', 'Torres', 'Ramírez', 'Vargas', 'Castillo', 'Rojas', 'Mendoza', 'Huamán', 'Chávez', 'Salazar', 'Paredes', 'Núñez'];
const POSITIONS: readonly Pair[] = [
  ['Directora General', 'Director General'],
  ['Jefe de la Oficina de Planeamiento', 'Head of the Planning Office'],
  ['Coordinadora de Gobierno Abierto', 'Open Government Coordinator'],
  ['Secretario Técnico', 'Technical Secretary'],
  ['Gerente de Modernización', 'Modernisation Manager'],
];

export const NATIONAL_AGENCIES: readonly (readonly [es: string, en: string, acronym: string])[] = [
  ['Presidencia del Consejo de Ministros', 'Presidency of the Council of Ministers', 'PCM'],
  ['Ministerio de Economía y Finanzas', 'Ministry of Economy and Finance', 'MEF'],
  ['Ministerio de Justicia y Derechos Humanos', 'Ministry of Justice and Human Rights', 'MINJUS'],
  ['Ministerio de Salud', 'Ministry of Health', 'MINSA'],
  ['Ministerio de Educación', 'Ministry of Education', 'MINEDU'],
  ['Ministerio del Ambiente', 'Ministry of the Environment', 'MINAM'],
  ['Ministerio de Energía y Minas', 'Ministry of Energy and Mines', 'MINEM'],
  ['Ministerio de Desarrollo e Inclusión Social', 'Ministry of Development and Social Inclusion', 'MIDIS'],
  ['Contraloría General de la República', 'Office of the Comptroller General', 'CGR'],
  ['Organismo Supervisor de las Contrataciones del Estado', 'State Procurement Supervisory Agency', 'OSCE'],
  ['Instituto Nacional de Estadística', 'National Statistics Institute', 'INE'],
  ['Defensoría del Pueblo', 'Ombudsman Office', 'DP'],
];

export const LOCAL_AGENCIES: readonly (readonly [es: string, en: string, acronym: string])[] = [
  ['Gerencia Municipal', 'City Manager’s Office', 'GM'],
  ['Gerencia de Desarrollo Social', 'Social Development Department', 'GDS'],
  ['Gerencia de Planeamiento y Presupuesto', 'Planning and Budget Department', 'GPP'],
  ['Oficina de Tecnologías de la Información', 'Information Technology Office', 'OTI'],
  ['Gerencia de Obras Públicas', 'Public Works Department', 'GOP'],
  ['Oficina de Participación Vecinal', 'Neighbourhood Participation Office', 'OPV'],
  ['Secretaría General', 'General Secretariat', 'SG'],
  ['Gerencia de Medio Ambiente', 'Environment Department', 'GMA'],
];

const CSOS = ['Proética', 'Ciudadanos al Día', 'Red de Transparencia', 'Foro Ciudadano', 'Observatorio Abierto', 'Asociación Civil Vigilante', 'Colectivo Datos Libres', 'Instituto de Defensa Legal'];

const PLACE_START = ['San ', 'Santa ', 'Villa ', 'Puerto ', 'Nueva ', '', '', ''];
const SYLLABLES = ['al', 'ta', 'mi', 'ra', 'co', 'pa', 'ya', 'ma', 'ca', 'hu', 'an', 'to', 'ri', 'lla', 'que', 'sa', 'bam', 'ba', 'cu', 'zo', 'ne', 'lo'];

/** A made-up place name: "Santa Comayala", "Huantori". */
export function placeName(rng: Rng): string {
  const n = int(rng, 2, 4);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(rng, SYLLABLES);
  return pick(rng, PLACE_START) + cap(s);
}

export function personName(rng: Rng): string {
  return `${pick(rng, FIRST_NAMES)} ${pick(rng, LAST_NAMES)} ${pick(rng, LAST_NAMES)}`;
}

export function position(rng: Rng): Bi {
  return from(pick(rng, POSITIONS));
}

export function themeTitle(index: number): Bi {
  return from(THEMES[index % THEMES.length]!);
}

/** A commitment's title: "Fortalecer el portal de transparencia estándar a nivel regional y local". */
export function commitmentTitle(rng: Rng): Bi {
  const v = pick(rng, VERBS);
  const o = pick(rng, OBJECTS);
  const s = pick(rng, SCOPES);
  return bi(`${v[0]} ${o[0]} ${s[0]}`, `${v[1]} ${o[1]} ${s[1]}`);
}

/**
 * One sentence of a ficha, 15–35 words, of one of several shapes. Most words come from short lists, so a
 * common word ("transparencia") is in a large share of the documents; the places named by the last shape
 * are the long tail real fichas have (a program, a district), so a search can also hit a few documents.
 */
export function sentence(rng: Rng): Bi {
  switch (int(rng, 0, 6)) {
    case 6: {
      const [a, b, st] = [placeName(rng), placeName(rng), pick(rng, STAKEHOLDERS)];
      return bi(`La experiencia piloto comenzará en ${a} y ${b}, donde ya trabajan ${st[0]}.`, `The pilot will start in ${a} and ${b}, where ${st[1]} already work.`);
    }
    case 0: {
      const [s, v, o, sc] = [pick(rng, SUBJECTS), pick(rng, VERBS_3RD), pick(rng, OBJECTS), pick(rng, SCOPES)];
      return bi(`${s[0]} ${v[0]} ${o[0]} ${sc[0]}.`, `${s[1]} ${v[1]} ${o[1]} ${sc[1]}.`);
    }
    case 1: {
      const [p, c] = [pick(rng, PROBLEMS), pick(rng, CONSEQUENCES)];
      return bi(`Actualmente ${p[0]}, ${c[0]}.`, `At present ${p[1]}, ${c[1]}.`);
    }
    case 2: {
      const [p, sc] = [pick(rng, PURPOSES), pick(rng, SCOPES)];
      return bi(`Con ello se busca ${p[0]} ${sc[0]}.`, `This aims to ${p[1]} ${sc[1]}.`);
    }
    case 3: {
      const [a, st, sc] = [pick(rng, ACTIVITY_NOUNS), pick(rng, STAKEHOLDERS), pick(rng, SCOPES)];
      return bi(`Para ello se realizarán ${a[0]} con ${st[0]} ${sc[0]}.`, `To that end, ${a[1]} will be held with ${st[1]} ${sc[1]}.`);
    }
    case 4: {
      const n = int(rng, 2, 90) * 50;
      const [b, y] = [pick(rng, BENEFICIARIES), int(rng, 2016, 2028)];
      return bi(`Se prevé alcanzar a ${thousands(n, ' ')} ${b[0]} antes de ${y}, con información verificable en el portal institucional.`, `It expects to reach ${thousands(n, ',')} ${b[1]} by ${y}, with verifiable information on the institutional portal.`);
    }
    default: {
      const [o, st, p] = [pick(rng, OBJECTS), pick(rng, STAKEHOLDERS), pick(rng, PURPOSES)];
      return bi(`La propuesta sobre ${o[0]} fue elaborada junto con ${st[0]} para ${p[0]}.`, `The proposal on ${o[1]} was drawn up together with ${st[1]} to ${p[1]}.`);
    }
  }
}

export function sentences(rng: Rng, min: number, max: number): Bi {
  const n = int(rng, min, max);
  const out: Bi[] = [];
  for (let i = 0; i < n; i++) out.push(sentence(rng));
  return join(out);
}

/** Paragraphs (Markdown: a blank line between them). */
export function paragraphs(rng: Rng, count: number, min: number, max: number): Bi {
  const out: Bi[] = [];
  for (let i = 0; i < count; i++) out.push(sentences(rng, min, max));
  return join(out, '\n\n');
}

/** A commitment's description: about 250–400 words in three or four paragraphs, as the seed's fichas read. */
export function description(rng: Rng): Bi {
  return paragraphs(rng, int(rng, 3, 4), 4, 5);
}

export function problem(rng: Rng): Bi {
  const p = pick(rng, PROBLEMS);
  const c = pick(rng, CONSEQUENCES);
  return join([bi(`Se identificó que ${p[0]}, ${c[0]}.`, `It was found that ${p[1]}, ${c[1]}.`), sentences(rng, 2, 3)]);
}

export function objective(rng: Rng): Bi {
  const v = pick(rng, VERBS);
  const o = pick(rng, OBJECTS);
  const p = pick(rng, PURPOSES);
  return bi(`${v[0]} ${o[0]} para ${p[0]}.`, `${v[1]} ${o[1]} to ${p[1]}.`);
}

export function activityTitle(rng: Rng): Bi {
  const a = pick(rng, ACTIVITY_NOUNS);
  const o = pick(rng, OBJECTS);
  const st = pick(rng, STAKEHOLDERS);
  return bi(`${cap(a[0])} sobre ${o[0]} con ${st[0]}`, `${cap(a[1])} on ${o[1]} with ${st[1]}`);
}

export function deliverable(rng: Rng): Bi {
  return from(pick(rng, DELIVERABLES));
}

export function evidenceDescription(rng: Rng, n: number): Bi {
  const e = pick(rng, EVIDENCE_NOUNS);
  return bi(`${e[0]} N° ${n}`, `${e[1]} no. ${n}`);
}

export function reason(rng: Rng): Bi {
  return from(pick(rng, REASONS));
}

export function civilSociety(rng: Rng): string {
  const a = pick(rng, CSOS);
  let b = pick(rng, CSOS);
  if (b === a) b = CSOS[(CSOS.indexOf(a) + 1) % CSOS.length]!;
  return `${a}, ${b}.`;
}

export function indicatorName(rng: Rng): { name: Bi; unit: Bi } {
  if (rng() < 0.5) {
    const b = pick(rng, BENEFICIARIES);
    return { name: bi(`Número de ${b[0]} que usan el servicio`, `Number of ${b[1]} using the service`), unit: bi(b[0], b[1]) };
  }
  const o = pick(rng, OBJECTS);
  return { name: bi(`Porcentaje de avance en ${o[0]}`, `Progress on ${o[1]}`), unit: bi('%', '%') };
}

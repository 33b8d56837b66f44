/**
 * A route's parameters filled with real ids, so that a test can call every registered route: the
 * permission walk (every route as every visitor) and the fuzz of writing routes share this one table.
 * A route whose parameter is not known here fails the test that met it — teach it here.
 */
export interface RouteIds {
  plan: number;
  commitment: number;
  theme: number;
  agency: number;
  openRound: number;
  publishedRound: number;
  consultation: number;
  /** The plan's government (the admin's government pages, issue 19). */
  government?: number;
  /** An evidence row with a file: the download routes under /evidencias/ need one. */
  fileEvidence?: number;
}

type Make = () => Promise<number>;
/** Makes a new row for routes that use theirs up (deletes, answers, moves). */
export interface RouteFactories {
  comment: Make;
  recommendation: Make;
  holiday: Make;
  alert: Make;
  activity: Make;
  source: Make;
  indicator: Make;
  measurement: Make;
  account: (url: string) => Promise<number>;
  proposal: Make;
  candidate: Make;
  workshop: Make;
  forumMember: Make;
  forumMeeting: Make;
  evidence: Make;
  /** A co-lead and a contact of the commitment (issue 19): their end routes. */
  coLead: Make;
  contact: Make;
}

export async function fillRouteParams(url: string, ids: RouteIds, fresh: RouteFactories): Promise<string> {
  const corrections = /\/(correccion|corrections)$/.test(url);
  const parts = url.split('/');
  for (const [i, part] of parts.entries()) {
    if (!part.startsWith(':')) continue;
    const parent = parts[i - 1];
    let value: string | number;
    if (part === ':cid') value = ids.commitment;
    else if (part === ':consultationId' || parent === 'consultations') value = ids.consultation;
    else if (part === ':commentId' || parent === 'consultation-comments') value = await fresh.comment();
    else if (part === ':report') value = 'progress';
    else if (parent === 'recomendaciones' || parent === 'recommendations') value = await fresh.recommendation();
    else if (part === ':hid') value = await fresh.holiday();
    else if (parent === 'alertas' || parent === 'alerts') value = await fresh.alert();
    else if (part === ':key') value = 'conclusions';
    else if (part === ':dataset.:format') value = 'compromisos.csv';
    else if ((parent === 'gobiernos' || parent === 'governments') && ids.government !== undefined) value = ids.government;
    else if (parent === 'planes' || parent === 'plans') value = ids.plan;
    else if (parent === 'compromisos' || parent === 'commitments') value = ids.commitment;
    else if (parent === 'temas' || parent === 'themes') value = ids.theme;
    else if (parent === 'entidades' || parent === 'agencies') value = ids.agency;
    else if (parent === 'evaluaciones' || parent === 'rounds') value = corrections ? ids.publishedRound : ids.openRound;
    else if (parent === 'actividades' || parent === 'activities') value = await fresh.activity();
    else if (parent === 'fuentes' || parent === 'sources') value = await fresh.source();
    else if (parent === 'indicadores' || parent === 'indicators') value = await fresh.indicator();
    else if (parent === 'mediciones' || parent === 'measurements') value = await fresh.measurement();
    else if (parent === 'cuentas' || parent === 'accounts') value = await fresh.account(url);
    else if (parent === 'propuestas' || parent === 'proposals') value = await fresh.proposal();
    else if (parent === 'candidatos' || parent === 'candidates') value = await fresh.candidate();
    else if (parent === 'talleres' || parent === 'workshops') value = await fresh.workshop();
    else if (parent === 'miembros' || parent === 'forum-members') value = await fresh.forumMember();
    else if (parent === 'sesiones' || parent === 'forum-meetings') value = await fresh.forumMeeting();
    else if (parent === 'corresponsables' || parent === 'co-leads') value = await fresh.coLead();
    else if (parent === 'contactos' || parent === 'contacts') value = await fresh.contact();
    else if (url.startsWith('/evidencias/') && ids.fileEvidence !== undefined) value = ids.fileEvidence;
    else if (parent === 'evidencias' || parent === 'evidence') value = await fresh.evidence();
    else throw new Error(`no value for ${part} in ${url}: teach fillRouteParams (test/helpers/route-params.ts)`);
    parts[i] = String(value);
  }
  return parts.join('/');
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../src/domain/roles.js';
import { CSRF_COOKIE, issueCsrf } from '../../src/http/auth.js';
import { disableAccount } from '../../src/services/accounts.js';
import type { Role } from '../../src/domain/roles.js';
import { storeEvidenceFile } from '../../src/services/evidence-files.js';
import * as E from '../../src/services/workspace/commitments.js';
import { addContact } from '../../src/services/workspace/commitment-template.js';
import { openRound } from '../../src/services/workspace/rounds.js';
import { openConsultation } from '../../src/services/consultation.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { addRecommendation } from '../../src/services/workspace/reviews.js';
import { addIndicator, recordMeasurement } from '../../src/services/workspace/indicators.js';
import { addHoliday, raiseAlert } from '../../src/services/alerts.js';
import { addCandidate, addForumMeeting, addForumMember, addProposal, addWorkshop } from '../../src/services/workspace/cocreation.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { fillRouteParams } from '../helpers/route-params.js';
import { nowIso } from '../helpers/clock.js';

/**
 * Every registered route, called by every kind of visitor, against the table of what each should get.
 * A route missing from the table fails the suite: a new route needs a decision about who may call it.
 *
 * The answers: `ok` — let through (the route's own answer: a page, a redirect back, or a 400/404/409
 * about the request itself); `login` — sent to sign in (pages) ; `401` — not signed in (API and
 * changes); `403` — signed in, not allowed.
 */
type Who = 'anonymous' | 'civilSociety' | 'ownEditor' | 'otherEditor' | 'coordinator' | 'reviewer' | 'admin';
type Answer = 'ok' | 'login' | '401' | '403';
const WHO: Who[] = ['anonymous', 'civilSociety', 'ownEditor', 'otherEditor', 'coordinator', 'reviewer', 'admin'];

const profile = (
  anonymous: Answer,
  civilSociety: Answer,
  ownEditor: Answer,
  otherEditor: Answer,
  coordinator: Answer,
  reviewer: Answer,
  admin: Answer,
): Record<Who, Answer> => ({
  anonymous,
  civilSociety,
  ownEditor,
  otherEditor,
  coordinator,
  reviewer,
  admin,
});

/** What each visitor gets; the subject of every route is commitment 4 (led by the own editor's agency) or its plan. */
const P = {
  public: profile('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
  signedInPage: profile('login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
  signedInChange: profile('401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
  workspaceHome: profile('login', '403', 'ok', 'ok', 'ok', 'ok', 'ok'),
  editPage: profile('login', '403', 'ok', '403', 'ok', '403', '403'),
  editChange: profile('401', '403', 'ok', '403', 'ok', '403', '403'),
  editApiRead: profile('401', '403', 'ok', '403', 'ok', '403', '403'),
  coordinatorPage: profile('login', '403', '403', '403', 'ok', '403', '403'),
  coordinatorChange: profile('401', '403', '403', '403', 'ok', '403', '403'),
  // Where a round stands: each agency sees its own commitments; the reviewer reads drafts too.
  boardPage: profile('login', '403', 'ok', 'ok', 'ok', 'ok', '403'),
  boardApi: profile('401', '403', 'ok', 'ok', 'ok', 'ok', '403'),
  // A draft assessment of commitment 4: its agency, the coordinator, the reviewer.
  draftPage: profile('login', '403', 'ok', '403', 'ok', 'ok', '403'),
  draftApi: profile('401', '403', 'ok', '403', 'ok', 'ok', '403'),
  // The independent review: reviewers only (the walk's reviewer reviews every government).
  reviewerPage: profile('login', '403', '403', '403', '403', 'ok', '403'),
  reviewerChange: profile('401', '403', '403', '403', '403', 'ok', '403'),
  // Accounts and agencies: admins only.
  adminPage: profile('login', '403', '403', '403', '403', '403', 'ok'),
  adminChange: profile('401', '403', '403', '403', '403', '403', 'ok'),
  adminApi: profile('401', '403', '403', '403', '403', '403', 'ok'),
  // The monitoring board: the plan's coordinator sees it all, each agency editor its own commitments.
  monitoringPage: profile('login', '403', 'ok', 'ok', 'ok', '403', '403'),
  monitoringApi: profile('401', '403', 'ok', 'ok', 'ok', '403', '403'),
  // Civil-society alerts (issue 7): only civil-society accounts raise them.
  raisePage: profile('login', 'ok', '403', '403', '403', '403', '403'),
  raiseChange: profile('401', 'ok', '403', '403', '403', '403', '403'),
  // Commenting on a consultation: civil-society accounts (a visitor with a mailed link is not in the walk).
  commentChange: profile('401', 'ok', '403', '403', '403', '403', '403'),
  // Importing a report from the browser, merging agencies (issue 19): the coordination (of its government) and admins.
  importPage: profile('login', '403', '403', '403', 'ok', '403', 'ok'),
  importChange: profile('401', '403', '403', '403', 'ok', '403', 'ok'),
} satisfies Record<string, Record<Who, Answer>>;

const EXPECTED: Record<string, Record<Who, Answer>> = {
  'GET /assets/site.css': P.public,
  'GET /assets/favicon.svg': P.public,
  'GET /assets/report.css': P.public,
  'GET /planes/:id/informe': P.public,
  'GET /favicon.ico': P.public,
  'GET /': P.public,
  'GET /planes/:id': P.public,
  'GET /compromisos/:id': P.public,
  'GET /temas/:id': P.public,
  'GET /entidades': P.public,
  'GET /entidades/:id': P.public,
  'GET /datos': P.public,
  'GET /buscar': P.public,
  'GET /datos/catalogo.jsonld': P.public,
  'GET /datos/data.json': P.public,
  'GET /datos/:dataset.:format': P.public,
  'GET /datos/ogp.csv': P.public,
  'GET /planes/:id/cambios.atom': P.public,
  'GET /compromisos/:id/cambios.atom': P.public,
  'GET /compromisos/:id/historial': P.public,
  'GET /evidencias/:id/archivo': P.public,
  'GET /api/docs': P.public,
  'GET /api/openapi.json': P.public,
  'GET /api/v1/plans': P.public,
  'GET /api/v1/plans/:id': P.public,
  'GET /api/v1/plans/:id/summary': P.public,
  'GET /api/v1/plans/:id/comparison': P.public,
  'GET /api/v1/commitments': P.public,
  'GET /api/v1/commitments/:id': P.public,
  'GET /api/v1/activities': P.public,
  'GET /api/v1/search': P.public,
  'GET /api/v1/themes/:id': P.public,
  'GET /api/v1/agencies': P.public,
  'GET /api/v1/agencies/:id': P.public,

  'GET /cuenta/ingresar': P.public,
  'POST /cuenta/ingresar': P.public,
  'GET /cuenta/olvide': P.public,
  'POST /cuenta/olvide': P.public,
  'GET /cuenta/clave': P.public,
  'POST /cuenta/clave': P.public,
  'GET /cuenta': P.signedInPage,
  'POST /cuenta/salir': P.signedInChange,
  // Notifications (decision 016): the digest setting; following a commitment and the mailed links need no account.
  'POST /cuenta/avisos': P.signedInChange,
  'GET /compromisos/:id/seguir': P.public,
  'POST /compromisos/:id/seguir': P.public,
  'GET /seguimiento/confirmar': P.public,
  'POST /seguimiento/confirmar': P.public,
  'GET /seguimiento/baja': P.public,
  'POST /seguimiento/baja': P.public,
  'GET /avisos/baja': P.public,
  'POST /avisos/baja': P.public,

  'GET /espacio': P.workspaceHome,
  'GET /espacio/compromisos/:id': P.editPage,
  'POST /espacio/compromisos/:id': P.editChange,
  'POST /espacio/compromisos/:id/actividades': P.editChange,
  'POST /espacio/compromisos/:id/evidencias': P.editChange,
  'POST /espacio/compromisos/:id/fuentes': P.editChange,
  'POST /espacio/compromisos/:id/contacto': P.editChange,
  'POST /espacio/compromisos/:id/archivos': P.editChange,
  'POST /espacio/compromisos/:id/responsable': P.coordinatorChange,
  // Commitments in OGP's template (issue 19): the coordination creates them and names co-leads; every lead agency keeps contacts.
  'GET /espacio/planes/:id/compromisos/nuevo': P.coordinatorPage,
  'POST /espacio/planes/:id/compromisos': P.coordinatorChange,
  'POST /espacio/compromisos/:id/corresponsables': P.coordinatorChange,
  'POST /espacio/corresponsables/:id/retirar': P.coordinatorChange,
  'POST /espacio/compromisos/:id/contactos': P.editChange,
  'POST /espacio/contactos/:id/retirar': P.editChange,
  'POST /api/v1/workspace/plans/:id/commitments': P.coordinatorChange,
  'POST /api/v1/workspace/commitments/:id/co-leads': P.coordinatorChange,
  'POST /api/v1/workspace/co-leads/:id/end': P.coordinatorChange,
  'POST /api/v1/workspace/commitments/:id/contacts': P.editChange,
  'POST /api/v1/workspace/contacts/:id/end': P.editChange,
  'POST /espacio/evidencias/:id/eliminar': P.editChange,
  'POST /espacio/fuentes/:id/eliminar': P.editChange,
  'GET /espacio/actividades/:id': P.editPage,
  'POST /espacio/actividades/:id': P.editChange,
  'POST /espacio/actividades/:id/eliminar': P.editChange,
  'POST /espacio/actividades/:id/mover': P.editChange,
  'GET /espacio/planes/:id/evaluaciones/nueva': P.coordinatorPage,
  'POST /espacio/planes/:id/evaluaciones': P.coordinatorChange,
  'GET /espacio/planes/:id/informe': P.coordinatorPage,
  'POST /espacio/planes/:id/informe/secciones/:key': P.coordinatorChange,
  'GET /espacio/planes/:id/informe/descarga': P.workspaceHome,
  'GET /espacio/evaluaciones/:id': P.boardPage,
  'POST /espacio/evaluaciones/:id/publicar': P.coordinatorChange,
  'GET /espacio/evaluaciones/:id/compromisos/:cid': P.draftPage,
  'POST /espacio/evaluaciones/:id/compromisos/:cid': P.editChange,
  'POST /espacio/evaluaciones/:id/compromisos/:cid/decision': P.coordinatorChange,
  'POST /espacio/evaluaciones/:id/compromisos/:cid/correccion': P.coordinatorChange,
  'GET /espacio/planes/:id/revision': P.reviewerPage,
  'GET /espacio/compromisos/:id/revision': P.reviewerPage,
  'POST /espacio/compromisos/:id/revision': P.reviewerChange,
  'GET /espacio/planes/:id/recomendaciones': P.coordinatorPage,
  'POST /espacio/planes/:id/recomendaciones': P.coordinatorChange,
  'POST /espacio/recomendaciones/:id': P.coordinatorChange,
  'GET /espacio/compromisos/:id/continuar': P.coordinatorPage,
  'POST /espacio/compromisos/:id/continuar': P.coordinatorChange,
  'GET /espacio/admin/cuentas': P.adminPage,
  'POST /espacio/admin/cuentas': P.adminChange,
  'POST /espacio/admin/cuentas/:id/desactivar': P.adminChange,
  'POST /espacio/admin/cuentas/:id/enlace': P.adminChange,
  'GET /espacio/admin/entidades': P.adminPage,
  'POST /espacio/admin/entidades': P.adminChange,
  'POST /espacio/admin/entidades/:id': P.adminChange,

  'GET /api/v1/workspace/session': profile('401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
  'GET /api/v1/workspace/commitments/:id': P.editApiRead,
  'PUT /api/v1/workspace/commitments/:id': P.editChange,
  'POST /api/v1/workspace/commitments/:id/activities': P.editChange,
  'POST /api/v1/workspace/commitments/:id/evidence': P.editChange,
  'POST /api/v1/workspace/commitments/:id/sources': P.editChange,
  'POST /api/v1/workspace/commitments/:id/contact': P.editChange,
  'POST /api/v1/workspace/commitments/:id/lead-agency': P.coordinatorChange,
  'GET /api/v1/workspace/activities/:id': P.editApiRead,
  'PUT /api/v1/workspace/activities/:id': P.editChange,
  'DELETE /api/v1/workspace/activities/:id': P.editChange,
  'POST /api/v1/workspace/activities/:id/move': P.editChange,
  'DELETE /api/v1/workspace/evidence/:id': P.editChange,
  'DELETE /api/v1/workspace/sources/:id': P.editChange,
  'POST /api/v1/workspace/plans/:id/rounds': P.coordinatorChange,
  'GET /api/v1/workspace/rounds/:id': P.boardApi,
  'POST /api/v1/workspace/rounds/:id/publish': P.coordinatorChange,
  'GET /api/v1/workspace/rounds/:id/assessments/:cid': P.draftApi,
  'PUT /api/v1/workspace/rounds/:id/assessments/:cid': P.editChange,
  'POST /api/v1/workspace/rounds/:id/assessments/:cid/decision': P.coordinatorChange,
  'POST /api/v1/workspace/rounds/:id/assessments/:cid/corrections': P.coordinatorChange,
  'GET /api/v1/workspace/commitments/:id/reviews': P.reviewerChange,
  'PUT /api/v1/workspace/commitments/:id/reviews/:report': P.reviewerChange,
  'GET /api/v1/workspace/plans/:id/recommendations': P.coordinatorChange,
  'POST /api/v1/workspace/plans/:id/recommendations': P.coordinatorChange,
  'PUT /api/v1/workspace/recommendations/:id': P.coordinatorChange,
  'POST /api/v1/workspace/commitments/:id/continuation': P.coordinatorChange,
  'GET /api/v1/workspace/admin/accounts': P.adminApi,
  'POST /api/v1/workspace/admin/accounts': P.adminChange,
  'POST /api/v1/workspace/admin/accounts/:id/disable': P.adminChange,
  'POST /api/v1/workspace/admin/accounts/:id/password-link': P.adminChange,
  'GET /api/v1/workspace/admin/agencies': P.adminApi,
  'POST /api/v1/workspace/admin/agencies': P.adminChange,
  'PUT /api/v1/workspace/admin/agencies/:id': P.adminChange,
  'GET /api/v1/workspace/plans/:id/report-sections': P.coordinatorChange,
  'PUT /api/v1/workspace/plans/:id/report-sections/:key': P.coordinatorChange,
  'GET /espacio/planes/:id/seguimiento': P.monitoringPage,
  'POST /espacio/compromisos/:id/alertas': P.editChange,
  'GET /espacio/planes/:id/seguimiento/ajustes': P.coordinatorPage,
  'POST /espacio/planes/:id/seguimiento/ajustes': P.coordinatorChange,
  'GET /api/v1/workspace/plans/:id/monitoring': P.monitoringApi,
  'PUT /api/v1/workspace/plans/:id/monitoring-settings': P.coordinatorChange,
  'POST /api/v1/workspace/commitments/:id/acknowledgements': P.editChange,
  // The indicator matrix (issue 6): the commitment's editors keep it; its downloads are public.
  'GET /planes/:id/indicadores.:format': P.public,
  'GET /espacio/compromisos/:id/indicadores/nuevo': P.editPage,
  'POST /espacio/compromisos/:id/indicadores': P.editChange,
  'GET /espacio/indicadores/:id': P.editPage,
  'POST /espacio/indicadores/:id': P.editChange,
  'POST /espacio/indicadores/:id/mediciones': P.editChange,
  'POST /espacio/mediciones/:id': P.editChange,
  'GET /api/v1/workspace/commitments/:id/indicators': P.editApiRead,
  'POST /api/v1/workspace/commitments/:id/indicators': P.editChange,
  'PUT /api/v1/workspace/indicators/:id': P.editChange,
  'POST /api/v1/workspace/indicators/:id/measurements': P.editChange,
  'PUT /api/v1/workspace/measurements/:id': P.editChange,
  // Civil-society alerts (issue 7): the log is public; civil society raises; the lead agency's editors and the coordination answer; the coordination keeps the deadline and holidays.
  'GET /planes/:id/alertas': P.public,
  'GET /alertas/:id/archivo': P.public,
  'GET /api/v1/plans/:id/alerts': P.public,
  'GET /api/v1/plans/:id/alert-calendar': P.public,
  'GET /compromisos/:id/alertas/nueva': P.raisePage,
  'POST /compromisos/:id/alertas': P.raiseChange,
  'GET /espacio/planes/:id/alertas': P.monitoringPage,
  'GET /espacio/alertas/:id': P.editPage,
  'POST /espacio/alertas/:id/respuesta': P.editChange,
  'GET /espacio/planes/:id/alertas/ajustes': P.coordinatorPage,
  'POST /espacio/planes/:id/alertas/ajustes': P.coordinatorChange,
  'POST /espacio/planes/:id/feriados': P.coordinatorChange,
  'POST /espacio/planes/:id/feriados/:hid/eliminar': P.coordinatorChange,
  'POST /api/v1/workspace/commitments/:id/alerts': P.raiseChange,
  'POST /api/v1/workspace/alerts/:id/answer': P.editChange,
  'GET /api/v1/workspace/plans/:id/alert-settings': P.coordinatorChange,
  'PUT /api/v1/workspace/plans/:id/alert-settings': P.coordinatorChange,
  'POST /api/v1/workspace/plans/:id/holidays': P.coordinatorChange,
  'DELETE /api/v1/workspace/plans/:id/holidays/:hid': P.coordinatorChange,
  // Co-creation and the forum (issue 7): public pages and form; the rest the plan's coordinator's.
  'GET /propuestas/:id': P.public,
  'GET /planes/:id/propuestas/nueva': P.public,
  'POST /planes/:id/propuestas': P.public,
  'GET /espacio/planes/:id/cocreacion': P.coordinatorPage,
  'GET /espacio/planes/:id/foro': P.coordinatorPage,
  'POST /espacio/planes/:id/convocatoria': P.coordinatorChange,
  'POST /espacio/planes/:id/talleres': P.coordinatorChange,
  'POST /espacio/planes/:id/propuestas': P.coordinatorChange,
  'POST /espacio/planes/:id/candidatos': P.coordinatorChange,
  'POST /espacio/planes/:id/priorizacion': P.coordinatorChange,
  'POST /espacio/planes/:id/aprobacion': P.coordinatorChange,
  'POST /espacio/planes/:id/foro/miembros': P.coordinatorChange,
  'POST /espacio/planes/:id/foro/sesiones': P.coordinatorChange,
  'POST /espacio/propuestas/:id/estado': P.coordinatorChange,
  'PUT /api/v1/workspace/proposals/:id/status': P.coordinatorChange,
  'GET /espacio/candidatos/:id': P.coordinatorPage,
  'POST /espacio/candidatos/:id': P.coordinatorChange,
  'GET /api/v1/workspace/plans/:id/cocreation': P.coordinatorChange,
  'PUT /api/v1/workspace/plans/:id/cocreation/call': P.coordinatorChange,
  'POST /api/v1/workspace/plans/:id/cocreation/workshops': P.coordinatorChange,
  'POST /api/v1/workspace/plans/:id/cocreation/proposals': P.coordinatorChange,
  'POST /api/v1/workspace/plans/:id/cocreation/candidates': P.coordinatorChange,
  'PUT /api/v1/workspace/plans/:id/cocreation/prioritised': P.coordinatorChange,
  'POST /api/v1/workspace/plans/:id/cocreation/approval': P.coordinatorChange,
  'PUT /api/v1/workspace/candidates/:id/scores': P.coordinatorChange,
  'GET /api/v1/workspace/plans/:id/forum': P.coordinatorChange,
  'POST /api/v1/workspace/plans/:id/forum/members': P.coordinatorChange,
  'POST /api/v1/workspace/plans/:id/forum/meetings': P.coordinatorChange,
  // Correcting and deleting those records (the plan's coordinator).
  'GET /espacio/talleres/:id/editar': P.coordinatorPage,
  'POST /espacio/talleres/:id/editar': P.coordinatorChange,
  'GET /espacio/talleres/:id/eliminar': P.coordinatorPage,
  'POST /espacio/talleres/:id/eliminar': P.coordinatorChange,
  'PUT /api/v1/workspace/workshops/:id': P.coordinatorChange,
  'DELETE /api/v1/workspace/workshops/:id': P.coordinatorChange,
  'GET /espacio/propuestas/:id/editar': P.coordinatorPage,
  'POST /espacio/propuestas/:id/editar': P.coordinatorChange,
  'GET /espacio/propuestas/:id/eliminar': P.coordinatorPage,
  'POST /espacio/propuestas/:id/eliminar': P.coordinatorChange,
  'PUT /api/v1/workspace/proposals/:id': P.coordinatorChange,
  'DELETE /api/v1/workspace/proposals/:id': P.coordinatorChange,
  'GET /espacio/candidatos/:id/editar': P.coordinatorPage,
  'POST /espacio/candidatos/:id/editar': P.coordinatorChange,
  'GET /espacio/candidatos/:id/eliminar': P.coordinatorPage,
  'POST /espacio/candidatos/:id/eliminar': P.coordinatorChange,
  'PUT /api/v1/workspace/candidates/:id': P.coordinatorChange,
  'DELETE /api/v1/workspace/candidates/:id': P.coordinatorChange,
  'GET /espacio/foro/miembros/:id/editar': P.coordinatorPage,
  'POST /espacio/foro/miembros/:id/editar': P.coordinatorChange,
  'GET /espacio/foro/miembros/:id/eliminar': P.coordinatorPage,
  'POST /espacio/foro/miembros/:id/eliminar': P.coordinatorChange,
  'PUT /api/v1/workspace/forum-members/:id': P.coordinatorChange,
  'DELETE /api/v1/workspace/forum-members/:id': P.coordinatorChange,
  'GET /espacio/foro/sesiones/:id/editar': P.coordinatorPage,
  'POST /espacio/foro/sesiones/:id/editar': P.coordinatorChange,
  'GET /espacio/foro/sesiones/:id/eliminar': P.coordinatorPage,
  'POST /espacio/foro/sesiones/:id/eliminar': P.coordinatorChange,
  'PUT /api/v1/workspace/forum-meetings/:id': P.coordinatorChange,
  'DELETE /api/v1/workspace/forum-meetings/:id': P.coordinatorChange,
  // Public consultation (issue 7): anyone reads; a civil-society account (or a mailed link) comments; the coordinator moderates.
  'GET /planes/:id/consultas/:consultationId': P.public,
  'GET /planes/:id/consultas/:consultationId/comentar': P.public,
  'POST /planes/:id/consultas/:consultationId/enlace': P.public,
  'POST /planes/:id/consultas/:consultationId/comentarios': P.commentChange,
  'POST /planes/:id/consultas/:consultationId/comentarios/:commentId': P.commentChange,
  'GET /planes/:id/consultas/:consultationId/sistematizacion': P.public,
  'GET /planes/:id/consultas/:consultationId/sistematizacion.csv': P.public,
  'GET /planes/:id/consultas/:consultationId/sistematizacion.docx': P.public,
  'GET /espacio/planes/:id/consultas': P.coordinatorPage,
  'POST /espacio/planes/:id/consultas': P.coordinatorChange,
  'GET /espacio/consultas/:consultationId': P.coordinatorPage,
  'POST /espacio/comentarios/:commentId/ocultar': P.coordinatorChange,
  'POST /espacio/comentarios/:commentId/respuesta': P.coordinatorChange,
  // Closing early (issue 19): its confirmation page and form, the API. The walk's body has no reason: nothing closes.
  'GET /espacio/consultas/:consultationId/cerrar': P.coordinatorPage,
  'POST /espacio/consultas/:consultationId/cerrar': P.coordinatorChange,
  'POST /api/v1/workspace/consultations/:id/close': P.coordinatorChange,
  'POST /api/v1/workspace/plans/:id/consultations': P.coordinatorChange,
  'GET /api/v1/consultations/:id': P.public,
  'POST /api/v1/consultations/:id/comments': P.commentChange,
  'PUT /api/v1/consultation-comments/:id': P.commentChange,
  'POST /api/v1/workspace/consultation-comments/:id/hide': P.coordinatorChange,
  'POST /api/v1/workspace/consultation-comments/:id/answer': P.coordinatorChange,
  'GET /api/v1/consultations/:id/synthesis': P.public,
  // Participation in the public API (issue 7); every comment of a consultation (hidden ones too) for the plan's coordinator.
  'GET /api/v1/plans/:id/cocreation': P.public,
  'GET /api/v1/proposals/:id': P.public,
  'GET /api/v1/plans/:id/forum': P.public,
  'GET /api/v1/plans/:id/consultations': P.public,
  'GET /api/v1/workspace/consultations/:id/comments': P.coordinatorChange,
  // Governments (issue 19): the admin's; plans and themes: their government's coordination.
  'GET /espacio/admin/gobiernos': P.adminPage,
  'POST /espacio/admin/gobiernos': P.adminChange,
  'GET /espacio/admin/gobiernos/:id': P.adminPage,
  'POST /espacio/admin/gobiernos/:id': P.adminChange,
  'POST /espacio/admin/gobiernos/:id/feriados': P.adminChange,
  'POST /espacio/admin/gobiernos/:id/feriados/:hid/eliminar': P.adminChange,
  'GET /api/v1/workspace/admin/governments': P.adminApi,
  'POST /api/v1/workspace/admin/governments': P.adminChange,
  'PUT /api/v1/workspace/admin/governments/:id': P.adminChange,
  'POST /api/v1/workspace/admin/governments/:id/holidays': P.adminChange,
  'DELETE /api/v1/workspace/admin/governments/:id/holidays/:hid': P.adminChange,
  'GET /espacio/planes/nuevo': P.coordinatorPage,
  'POST /espacio/planes': P.coordinatorChange,
  'GET /espacio/planes/:id': P.coordinatorPage,
  'POST /espacio/planes/:id': P.coordinatorChange,
  'POST /espacio/planes/:id/etapa': P.coordinatorChange,
  'POST /espacio/planes/:id/etapa/correccion': P.coordinatorChange,
  'POST /espacio/planes/:id/temas': P.coordinatorChange,
  'POST /espacio/temas/:id': P.coordinatorChange,
  'POST /espacio/temas/:id/mover': P.coordinatorChange,
  'POST /espacio/temas/:id/eliminar': P.coordinatorChange,
  'POST /api/v1/workspace/plans': P.coordinatorChange,
  'GET /api/v1/workspace/plans/:id': P.coordinatorChange,
  'PUT /api/v1/workspace/plans/:id': P.coordinatorChange,
  'POST /api/v1/workspace/plans/:id/stage': P.coordinatorChange,
  'POST /api/v1/workspace/plans/:id/stage-correction': P.coordinatorChange,
  'POST /api/v1/workspace/plans/:id/themes': P.coordinatorChange,
  'PUT /api/v1/workspace/themes/:id': P.coordinatorChange,
  'POST /api/v1/workspace/themes/:id/move': P.coordinatorChange,
  'DELETE /api/v1/workspace/themes/:id': P.coordinatorChange,
  // Issue 19: a Word report imported from the browser (upload → preview → confirm), two agencies merged.
  'GET /espacio/importar': P.importPage,
  'POST /espacio/importar': P.importChange,
  'POST /espacio/importar/confirmar': P.importChange,
  'POST /api/v1/workspace/imports': P.importChange,
  'POST /api/v1/workspace/imports/confirm': P.importChange,
  'GET /espacio/entidades/fusionar': P.importPage,
  'POST /espacio/entidades/fusionar': P.importChange,
  'GET /api/v1/workspace/agency-merges': P.importChange,
  'POST /api/v1/workspace/agency-merges': P.importChange,
};

/** The table's key for a registered route: the Spanish path, HEAD as GET. */
const keyOf = (method: string, url: string) => `${method === 'HEAD' ? 'GET' : method} ${url.replace(/^\/en(?=\/|$)/, '') || '/'}`;

describe('permission walk: every route × every role against the table', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    const people = {} as Record<Exclude<Who, 'anonymous'>, SignedIn>;
    let coordinatorActor: Actor;
    // A visitor with a CSRF cookie and token, as a browser that loaded a form has: what decides their answers is the rule, not a missing token.
    const csrf = issueCsrf();
    const visitor = { cookie: `${CSRF_COOKIE}=${csrf.secret}`, csrf: csrf.token };
    const ROLE: Record<Exclude<Who, 'anonymous'>, Role> = {
      civilSociety: 'civil-society',
      ownEditor: 'agency-editor',
      otherEditor: 'agency-editor',
      coordinator: 'coordinator',
      reviewer: 'reviewer',
      admin: 'admin',
    };
    let ids: {
      plan: number;
      commitment: number;
      theme: number;
      agency: number;
      openRound: number;
      publishedRound: number;
      fileEvidence: number;
      consultation: number;
      government: number;
    };

    before(async () => {
      process.env.FILES_DIR ??= (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/vigia-walk-`);
      const s = await seededApp(db);
      ({ app, store } = s);
      const own = (await commitmentSubject(store.db, s.commitment(4)))!;
      const other = (await commitmentSubject(store.db, s.commitment(1)))!;
      people.civilSociety = await signIn(app, store, { role: 'civil-society' });
      people.ownEditor = await signIn(app, store, { role: 'agency-editor', agencyId: own.agency_id! });
      people.otherEditor = await signIn(app, store, { role: 'agency-editor', agencyId: other.agency_id! });
      people.coordinator = await signIn(app, store, { role: 'coordinator' });
      people.reviewer = await signIn(app, store, { role: 'reviewer' });
      people.admin = await signIn(app, store, { role: 'admin' });
      coordinatorActor = people.coordinator.actor;
      const round = await openRound(
        store,
        coordinatorActor,
        s.planId,
        { kind: 'periodic', cutoffDate: '2017-12-31' },
        new Date().toISOString(),
      );
      assert.ok(round.ok);
      const file = await storeEvidenceFile(
        store,
        { actor: 'test', at: new Date().toISOString(), context: 'walk' },
        { commitmentId: s.commitment(4), fileName: 'acta.csv', bytes: Buffer.from('a,b\n1,2\n') },
      );
      const consultation = await openConsultation(
        store,
        coordinatorActor,
        s.planId,
        {
          title: 'Consulta',
          startsOn: '2000-01-01',
          endsOn: '2199-12-31',
        },
        new Date().toISOString(),
      );
      assert.ok(consultation.ok);
      ids = {
        plan: s.planId,
        commitment: s.commitment(4),
        theme: s.themeIds[0]!,
        agency: own.agency_id!,
        openRound: round.id,
        publishedRound: s.roundIds.at(-1)!,
        fileEvidence: file.evidenceId,
        consultation: consultation.id,
        government: own.government_id,
      };
    });
    after(async () => app.close());

    let made = 0;
    /** Something of commitment 4 to change or delete: made anew for each call, so one visitor's delete does not decide the next one's answer. */
    const fresh = {
      // A comment of the walk's civil-society account, just posted (so still its to correct).
      comment: async () => {
        const at = new Date().toISOString();
        const w = new AuditedWriter(store.db, { actor: 'test', at, context: 'walk' });
        return w.insert('consultation_comments', {
          consultation_id: ids.consultation,
          target: 'draft',
          commitment_id: null,
          section_id: null,
          author_id: null,
          author_user_id: people.civilSociety.actor.userId,
          author_name: '',
          body: 'Comentario',
          posted_at: at,
          edited_at: null,
          hidden_reason: null,
          hidden_by: null,
          hidden_at: null,
          answer: null,
          answer_reason: null,
          answer_changes: null,
          answered_by: null,
          answered_at: null,
        });
      },
      activity: async () => {
        const r = await E.addActivity(store, coordinatorActor, ids.commitment, { title: 'Actividad de prueba' }, nowIso());
        return r.ok ? r.id! : assert.fail('activity');
      },
      // A co-lead (an agency of the government that does not lead commitment 4), written as it is: the three-co-lead rule
      // would refuse the walk's many (a refused visitor leaves its co-lead in place).
      coLead: async () => {
        const w = new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString() });
        const agency = await w.insert('agencies', {
          government_id: (await commitmentSubject(store.db, ids.commitment))!.government_id,
          name: `Entidad corresponsable ${++made}`,
          acronym: null,
          lang: 'es',
        });
        return w.insert('commitment_co_leads', {
          commitment_id: ids.commitment,
          agency_id: agency,
          valid_from: '2020-01-01',
          valid_to: null,
        });
      },
      contact: async () => {
        const r = await addContact(store, coordinatorActor, ids.commitment, { name: 'Ana', from: '2020-01-01' }, new Date().toISOString());
        return r.ok ? r.id! : assert.fail(`contact ${JSON.stringify(r)}`);
      },
      evidence: async () => {
        const r = await E.addLink(store, coordinatorActor, ids.commitment, { url: 'https://example.org/acta.pdf' }, nowIso());
        return r.ok ? r.id! : assert.fail('evidence');
      },
      source: async () => {
        const r = await E.addSource(store, coordinatorActor, ids.commitment, { text: 'Oficio N° 123-2016' }, nowIso());
        return r.ok ? r.id! : assert.fail('source');
      },
      recommendation: async () => {
        const r = await addRecommendation(
          store,
          coordinatorActor,
          ids.plan,
          {
            source: 'Informe de avance',
            recommendationText: 'Recomendación de prueba',
          },
          nowIso(),
        );
        return r.ok ? r.id! : assert.fail('recommendation');
      },
      // An account of its own for each call: an admin's call disables it, and the walk's people must stay signed in.
      // One that is to get a password link is disabled already: the admin's answer is a refusal (400), and no mail is written to the log.
      indicator: async () => {
        const r = await addIndicator(
          store,
          coordinatorActor,
          ids.commitment,
          {
            indicatorName: 'Indicador de prueba',
            unit: 'u',
            direction: 'up',
            baselineValue: '0',
            baselineDate: '2015-07-01',
            targetValue: '10',
            targetDate: '2016-06-30',
            frequency: 'yearly',
          },
          nowIso(),
        );
        return r.ok ? r.id! : assert.fail('indicator');
      },
      measurement: async () => {
        const indicator = await fresh.indicator();
        const r = await recordMeasurement(
          store,
          coordinatorActor,
          indicator,
          { measuredValue: '5', measuredOn: '2016-01-01' },
          { now: new Date().toISOString() },
        );
        return r.ok ? r.id! : assert.fail('measurement');
      },
      // An alert raised by a civil-society account of its own (the daily limit is per account), and a holiday on a day of its own.
      alert: async () => {
        const r = await raiseAlert(
          store,
          {
            userId: 900_000 + ++made,
            email: 'walk@example.test',
            name: 'Sociedad civil',
            role: 'civil-society',
            agencyId: null,
            governmentId: null,
          },
          ids.commitment,
          { category: 'delay', alertText: 'Alerta de prueba' },
          '2016-05-02',
        );
        return r.ok ? r.id! : assert.fail('alert');
      },
      holiday: async () => {
        const r = await addHoliday(
          store,
          coordinatorActor,
          ids.plan,
          {
            holidayDate: new Date(Date.UTC(2030, 0, 1 + ++made)).toISOString().slice(0, 10),
            holidayName: 'Feriado de prueba',
          },
          nowIso(),
        );
        return r.ok ? r.id! : assert.fail('holiday');
      },
      proposal: async () => {
        const r = await addProposal(
          store,
          coordinatorActor,
          ids.plan,
          {
            proposalTitle: 'Propuesta',
            proposalText: 'Texto',
            proposer: 'Proética',
            proposerKind: 'organisation',
            channel: 'written',
            submittedOn: '2015-03-01',
          },
          nowIso(),
        );
        return r.ok ? r.id! : assert.fail('proposal');
      },
      workshop: async () => {
        const r = await addWorkshop(store, coordinatorActor, ids.plan, { place: 'Piura', heldOn: '2015-03-10' }, nowIso());
        return r.ok ? r.id! : assert.fail('workshop');
      },
      forumMember: async () => {
        const r = await addForumMember(
          store,
          coordinatorActor,
          ids.plan,
          {
            memberName: 'Proética',
            memberSector: 'civil-society',
            memberFrom: '2011-04-01',
          },
          nowIso(),
        );
        return r.ok ? r.id! : assert.fail('forum member');
      },
      forumMeeting: async () => {
        const r = await addForumMeeting(store, coordinatorActor, ids.plan, { meetingDate: '2015-05-04', agenda: 'Avances' }, nowIso());
        return r.ok ? r.id! : assert.fail('forum meeting');
      },
      candidate: async () => {
        const r = await addCandidate(
          store,
          coordinatorActor,
          ids.plan,
          {
            candidateTitle: 'Candidato',
            proposalIds: [await fresh.proposal()],
          },
          nowIso(),
        );
        return r.ok ? r.id! : assert.fail('candidate');
      },
      account: async (url: string) => {
        const { actor } = await signIn(app, store, { role: 'civil-society' });
        if (/\/(enlace|password-link)$/.test(url)) await disableAccount(store, actor.email, { actor: 'test', now: new Date() });
        return actor.userId;
      },
    };

    const concreteUrl = (url: string) => fillRouteParams(url, ids, fresh);

    function answerOf(status: number, location: string | undefined): Answer | `unexpected ${number}` {
      if (status === 401) return '401';
      if (status === 403) return '403';
      if (status === 303 && location && /\/cuenta\/ingresar\?volver=/.test(location)) return 'login';
      if (status >= 500) return `unexpected ${status}`;
      return 'ok';
    }

    test('every registered route has a row in the table', () => {
      const missing = [...new Set(app.routeRules.map((r) => keyOf(r.method, r.url)))].filter((k) => !(k in EXPECTED));
      assert.deepEqual(missing, [], 'routes without expected answers: add them to EXPECTED in test/workspace/permission-walk.test.ts');
      const stale = Object.keys(EXPECTED).filter((k) => !app.routeRules.some((r) => keyOf(r.method, r.url) === k));
      assert.deepEqual(stale, [], 'rows for routes that no longer exist');
    });

    test('each visitor gets the expected answer from each route, in both languages', async () => {
      const wrong: string[] = [];
      let calls = 0;
      for (const rule of app.routeRules) {
        const expected = EXPECTED[keyOf(rule.method, rule.url)];
        if (!expected) continue;
        for (const who of WHO) {
          // Signing out ends the session it is sent with: a session of its own, not the one the walk goes on with.
          const signsOut = rule.url.endsWith('/cuenta/salir');
          const person =
            who === 'anonymous'
              ? visitor
              : signsOut
                ? await signIn(app, store, {
                    role: ROLE[who],
                    ...(who === 'ownEditor'
                      ? { agencyId: ids.agency }
                      : who === 'otherEditor'
                        ? { agencyId: people.otherEditor.actor.agencyId! }
                        : {}),
                  })
                : people[who];
          const url = await concreteUrl(rule.url);
          const changes = !['GET', 'HEAD'].includes(rule.method);
          const headers: Record<string, string> = { cookie: person.cookie };
          if (changes) headers['x-csrf-token'] = person.csrf;
          if (changes) headers['content-type'] = 'application/json';
          const res = await app.inject({ method: rule.method as 'GET', url, headers, ...(changes ? { payload: '{}' } : {}) });
          calls++;
          const got = answerOf(res.statusCode, res.headers.location as string | undefined);
          if (got !== expected[who])
            wrong.push(
              `${rule.method} ${url} as ${who}: expected ${expected[who]}, got ${got} (${res.statusCode}) ${res.body.slice(0, 120)}`,
            );
          if (got === 'login' && rule.url.startsWith('/en/') && !String(res.headers.location).startsWith('/en/cuenta/ingresar'))
            wrong.push(`${url}: an English page sends to the English sign-in page`);
        }
      }
      assert.deepEqual(wrong, []);
      assert.ok(calls > 700, `walked ${calls} calls`);
    });
  });
});

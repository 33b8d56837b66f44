import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { CO_LEAD_RULES, COMMITMENT_SAVE_RULES, CONTACT_ADD_RULES, END_RULES, MILESTONE_RULES } from '../../domain/commitment-input.js';
import {
  CONTACT_RULES,
  FILE_RULES,
  formSchema,
  LEAD_AGENCY_RULES,
  LINK_RULES,
  SOURCE_RULES,
  type FieldError,
  type FieldRules,
  type Values,
} from '../../domain/input.js';
import { isAppError } from '../../errors.js';
import { errorMessage, type Lang } from '../../i18n/index.js';
import { workspaceMessages } from '../../i18n/workspace.js';
import { refusalMessage } from '../../i18n/files.js';
import { uploadMaxBytes, UploadRefusedError } from '../../services/evidence-files.js';
import * as template from '../../services/workspace/commitment-template.js';
import * as commitments from '../../services/workspace/commitments.js';
import { getWorkspaceHome } from '../../services/workspace/home.js';
import { getCommitmentIndicators } from '../../services/indicators.js';
import * as rounds from '../../services/workspace/rounds.js';
import type { Store } from '../../storage/connect.js';
import { back, html } from '../answers.js';
import { csrfToken } from '../auth.js';
import { askToConfirm, CONFIRM_BODY, confirmed } from '../confirm.js';
import { pageContext } from '../bilingual.js';
import type { Permission } from '../permissions.js';
import { pageQuery, pathIds } from '../request-schemas.js';

/** A page shown after a save (`?guardado=1`): the notice. */
const SAVED = pageQuery(['guardado']);
import { route, sentFields } from '../route.js';
import { readUploadForm } from '../uploads.js';
import { href } from '../views/format.js';
import { ActivityEditPage } from '../views/workspace/activity.js';
import { AssessmentPage } from '../views/workspace/assessment.js';
import { CommitmentEditPage, type EditForm } from '../views/workspace/commitment.js';
import { WorkspaceHomePage } from '../views/workspace/home.js';
import { RoundBoardPage, RoundNewPage } from '../views/workspace/rounds.js';

/**
 * The workspace pages: each form posts to its own address, and then either goes back to the page it
 * came from (303, with a message), or shows that page again with the errors and the values as typed
 * (400), or — when someone else saved first — both versions to merge (409). Handlers parse, call a
 * service, render; what may be done is the service's call.
 */
const COMMITMENT = pathIds({ id: 'commitment' });
const ACTIVITY = pathIds({ id: 'activity' });
const PLAN = pathIds({ id: 'plan' });
const ROUND = pathIds({ id: 'round' });
const ASSESSMENT = pathIds({ id: 'round', cid: 'commitment' });

/** An activity moves up or down: the direction, and nothing else. */
export const MOVE = Type.Object(
  { _csrf: Type.Optional(Type.Unknown()), direction: Type.Optional(Type.Enum(['up', 'down'])) },
  { additionalProperties: false },
);

/** The draft's form and its API: the assessment's fields, and whether it goes to the coordination now. */
export const ASSESSMENT_FORM = formSchema(rounds.ASSESSMENT_RULES, {
  partial: true,
  extra: { action: Type.Optional(Type.String({ description: 'The button pressed: `submit` sends it to the coordination.' })) },
});
export const ASSESSMENT_API = formSchema(rounds.ASSESSMENT_RULES, {
  partial: true,
  extra: { submit: Type.Optional(Type.Boolean({ description: 'Send it to the coordination once saved.' })) },
});

export function workspaceRoutes(app: FastifyInstance, store: Store): void {
  const uploadMaxMb = Math.round(uploadMaxBytes() / (1024 * 1024));

  route(app, { page: '/espacio', permission: 'workspace' }, async (req, reply, ctx) =>
    html(reply, 200, WorkspaceHomePage({ ctx, actor: req.actor!, home: await getWorkspaceHome(store, req.actor) })),
  );

  // ——— a commitment ———

  const commitmentPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    status: number,
    extra: {
      failed?: { form: EditForm; errors: FieldError[]; values: Values };
      conflict?: { theirs: Values; mine: Values; version: number };
    } = {},
  ) => {
    const data = await commitments.getEditableCommitment(store, req.actor, id);
    const ctx = pageContext(req, lang, `/espacio/compromisos/${id}`);
    const flash = (req.query as Record<string, string>).guardado ? workspaceMessages[lang].saved : null;
    const indicators = await getCommitmentIndicators(store, id, app.today());
    return html(
      reply,
      status,
      CommitmentEditPage({
        ctx,
        data,
        csrf: csrfToken(reply),
        flash,
        failed: extra.failed ?? null,
        conflict: extra.conflict ?? null,
        uploadMaxMb,
        indicators,
      }),
    );
  };

  route(
    app,
    { page: '/espacio/compromisos/:id', permission: 'workspace', params: COMMITMENT, querystring: SAVED },
    async (req, reply, ctx) => commitmentPage(req, reply, ctx.lang, req.params.id, 200),
  );

  /** What every commitment form does with a service's answer. */
  const answer = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    form: EditForm,
    input: Record<string, unknown>,
    result: commitments.SaveResult,
  ) => {
    if (result.ok) return back(reply, href(lang, `/espacio/compromisos/${id}`));
    if ('conflict' in result) return commitmentPage(req, reply, lang, id, 409, { conflict: result.conflict });
    return commitmentPage(req, reply, lang, id, 400, { failed: { form, errors: result.errors, values: input as Values } });
  };

  // The commitment's forms: each posts to its own address and calls one service operation (a save changes what it sends).
  const forms: [suffix: string, permission: Permission, form: EditForm, rules: FieldRules, operation: typeof commitments.saveCommitment][] =
    [
      ['', 'workspace', 'fields', COMMITMENT_SAVE_RULES, commitments.saveCommitment],
      ['/actividades', 'workspace', 'activity', MILESTONE_RULES, commitments.addActivity],
      ['/evidencias', 'workspace', 'link', LINK_RULES, commitments.addLink],
      ['/fuentes', 'workspace', 'source', SOURCE_RULES, commitments.addSource],
      ['/responsable', 'coordinator', 'agency', LEAD_AGENCY_RULES, commitments.changeLeadAgency],
      ['/contacto', 'workspace', 'contact', CONTACT_RULES, commitments.changeContact],
      ['/corresponsables', 'coordinator', 'co-lead', CO_LEAD_RULES, template.addCoLead],
      ['/contactos', 'workspace', 'add-contact', CONTACT_ADD_RULES, template.addContact],
    ];
  for (const [suffix, permission, form, rules, operation] of forms) {
    const body = formSchema(rules, { partial: rules === COMMITMENT_SAVE_RULES });
    route(app, { form: `/espacio/compromisos/:id${suffix}`, permission, params: COMMITMENT, body }, async (req, reply, lang) => {
      const input = sentFields(req);
      return answer(req, reply, lang, req.params.id, form, input, await operation(store, req.actor, req.params.id, input, app.now()));
    });
  }
  route(
    app,
    {
      form: '/espacio/compromisos/:id/archivos',
      permission: 'workspace',
      params: COMMITMENT,
      body: { content: { 'multipart/form-data': { schema: formSchema(FILE_RULES) } } },
      upload: (req) => commitments.assertMayEdit(store, req.actor, req.params.id),
    },
    async (req, reply, lang) => {
      const id = req.params.id;
      const form = await readUploadForm(req, { lang });
      const fields = sentFields(req);
      try {
        return answer(req, reply, lang, id, 'file', fields, await commitments.addFile(store, req.actor, id, fields, form.file, app.now()));
      } catch (e) {
        if (!(e instanceof UploadRefusedError)) throw e;
        const refused: FieldError = { field: 'file', code: 'invalid_choice', message: refusalMessage(e.refusal, lang) };
        return commitmentPage(req, reply, lang, id, 400, { failed: { form: 'file', errors: [refused], values: fields as Values } });
      }
    },
  );
  // A co-lead or a contact ends on a date; a wrong date shows the commitment's page with the error by its list.
  const ends: [path: string, permission: Permission, entity: string, form: EditForm, operation: typeof template.endCoLead][] = [
    ['/espacio/corresponsables/:id/retirar', 'coordinator', 'co-lead', 'co-lead', template.endCoLead],
    ['/espacio/contactos/:id/retirar', 'workspace', 'contact', 'add-contact', template.endContact],
  ];
  for (const [path, permission, entity, form, operation] of ends) {
    route(app, { form: path, permission, params: pathIds({ id: entity }), body: formSchema(END_RULES) }, async (req, reply, lang) => {
      const input = sentFields(req);
      const result = await operation(store, req.actor, req.params.id, input, app.now());
      if (result.ok) return back(reply, href(lang, `/espacio/compromisos/${result.commitmentId}`));
      const commitmentId = await template.commitmentOfEntry(store, entity === 'co-lead' ? 'co-lead' : 'contact', req.params.id);
      return commitmentPage(req, reply, lang, commitmentId, 400, { failed: { form, errors: result.errors, values: input as Values } });
    });
  }
  route(
    app,
    { form: '/espacio/evidencias/:id/eliminar', permission: 'workspace', params: pathIds({ id: 'evidence' }), body: CONFIRM_BODY },
    async (req, reply, lang) => {
      if (!confirmed(req)) return askToConfirm(store, req, reply, lang, { kind: 'evidence', id: req.params.id });
      const commitmentId = await commitments.deleteEvidence(store, req.actor, req.params.id, app.now());
      return back(reply, href(lang, `/espacio/compromisos/${commitmentId}`));
    },
  );
  route(
    app,
    { form: '/espacio/fuentes/:id/eliminar', permission: 'workspace', params: pathIds({ id: 'source' }), body: CONFIRM_BODY },
    async (req, reply, lang) => {
      if (!confirmed(req)) return askToConfirm(store, req, reply, lang, { kind: 'source', id: req.params.id });
      const commitmentId = await commitments.deleteSource(store, req.actor, req.params.id, app.now());
      return back(reply, href(lang, `/espacio/compromisos/${commitmentId}`));
    },
  );

  // ——— an activity ———

  const activityPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: number,
    status: number,
    errors: FieldError[] = [],
    typed: Values | null = null,
    conflict: { theirs: Values; mine: Values; version: number } | null = null,
  ) => {
    const a = await commitments.getEditableActivity(store, req.actor, id);
    const ctx = pageContext(req, lang, `/espacio/actividades/${id}`);
    return html(
      reply,
      status,
      ActivityEditPage({
        ctx,
        csrf: csrfToken(reply),
        activity: { id, number: a.activity.number, commitment: a.commitment },
        values: typed ?? a.values,
        version: a.version,
        errors,
        conflict,
        agencies: a.agencies,
        running: a.planRunning,
      }),
    );
  };
  route(app, { page: '/espacio/actividades/:id', permission: 'workspace', params: ACTIVITY }, async (req, reply, ctx) =>
    activityPage(req, reply, ctx.lang, req.params.id, 200),
  );
  route(
    app,
    { form: '/espacio/actividades/:id', permission: 'workspace', params: ACTIVITY, body: formSchema(MILESTONE_RULES, { partial: true }) },
    async (req, reply, lang) => {
      const id = req.params.id;
      const input = sentFields(req);
      const result = await commitments.saveActivity(store, req.actor, id, input, app.now());
      if (result.ok)
        return back(
          reply,
          href(lang, `/espacio/compromisos/${(await commitments.getEditableActivity(store, req.actor, id)).commitment.id}`),
        );
      if ('conflict' in result) return activityPage(req, reply, lang, id, 409, [], null, result.conflict);
      return activityPage(req, reply, lang, id, 400, result.errors, input as Values);
    },
  );
  route(
    app,
    { form: '/espacio/actividades/:id/eliminar', permission: 'workspace', params: ACTIVITY, body: CONFIRM_BODY },
    async (req, reply, lang) => {
      if (!confirmed(req)) return askToConfirm(store, req, reply, lang, { kind: 'activity', id: req.params.id });
      const commitmentId = await commitments.deleteActivity(store, req.actor, req.params.id, app.now());
      return back(reply, href(lang, `/espacio/compromisos/${commitmentId}`));
    },
  );
  // As the API does: a field the form does not have is refused by name, not ignored.
  route(
    app,
    { form: '/espacio/actividades/:id/mover', permission: 'workspace', params: ACTIVITY, body: MOVE },
    async (req, reply, lang) => {
      const commitmentId = await commitments.moveActivity(store, req.actor, req.params.id, req.body.direction, app.now());
      return back(reply, href(lang, `/espacio/compromisos/${commitmentId}`));
    },
  );

  // ——— rounds ———

  const roundNewPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    planId: number,
    status: number,
    values: Values = {},
    errors: FieldError[] = [],
  ) => {
    const plan = await rounds.getRoundOpening(store, req.actor, planId);
    return html(
      reply,
      status,
      RoundNewPage({
        ctx: pageContext(req, lang, `/espacio/planes/${planId}/evaluaciones/nueva`),
        csrf: csrfToken(reply),
        plan,
        values,
        errors,
      }),
    );
  };
  route(app, { page: '/espacio/planes/:id/evaluaciones/nueva', permission: 'coordinator', params: PLAN }, async (req, reply, ctx) =>
    roundNewPage(req, reply, ctx.lang, req.params.id, 200),
  );
  route(
    app,
    { form: '/espacio/planes/:id/evaluaciones', permission: 'coordinator', params: PLAN, body: formSchema(rounds.ROUND_RULES) },
    async (req, reply, lang) => {
      const planId = req.params.id;
      const input = sentFields(req);
      const result = await rounds.openRound(store, req.actor, planId, input, app.now());
      if (result.ok) return back(reply, href(lang, `/espacio/evaluaciones/${result.id}`));
      return roundNewPage(req, reply, lang, planId, 400, input as Values, result.errors);
    },
  );

  const boardPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    roundId: number,
    status: number,
    error: string | null = null,
  ) => {
    const board = await rounds.getRoundBoard(store, req.actor, roundId);
    const flash = (req.query as Record<string, string>).guardado ? workspaceMessages[lang].saved : null;
    return html(
      reply,
      status,
      RoundBoardPage({ ctx: pageContext(req, lang, `/espacio/evaluaciones/${roundId}`), csrf: csrfToken(reply), board, flash, error }),
    );
  };
  route(app, { page: '/espacio/evaluaciones/:id', permission: 'workspace', params: ROUND, querystring: SAVED }, async (req, reply, ctx) =>
    boardPage(req, reply, ctx.lang, req.params.id, 200),
  );
  route(
    app,
    { form: '/espacio/evaluaciones/:id/publicar', permission: 'coordinator', params: ROUND, body: CONFIRM_BODY },
    async (req, reply, lang) => {
      const roundId = req.params.id;
      if (!confirmed(req)) return askToConfirm(store, req, reply, lang, { kind: 'publish-round', id: roundId });
      try {
        await rounds.publishRound(store, req.actor, roundId, app.now());
      } catch (e) {
        if (isAppError(e) && (e.code === 'round_not_ready' || e.code === 'round_closed'))
          return boardPage(req, reply, lang, roundId, 409, errorMessage(e, lang));
        throw e;
      }
      return back(reply, href(lang, `/espacio/evaluaciones/${roundId}`));
    },
  );

  const assessmentPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    roundId: number,
    commitmentId: number,
    status: number,
    extra: Partial<Pick<Parameters<typeof AssessmentPage>[0], 'failed' | 'conflict'>> = {},
  ) => {
    const data = await rounds.getAssessmentForm(store, req.actor, roundId, commitmentId, app.today());
    const flash = (req.query as Record<string, string>).guardado ? workspaceMessages[lang].saved : null;
    const ctx = pageContext(req, lang, `/espacio/evaluaciones/${roundId}/compromisos/${commitmentId}`);
    return html(
      reply,
      status,
      AssessmentPage({ ctx, csrf: csrfToken(reply), data, flash, failed: extra.failed ?? null, conflict: extra.conflict ?? null }),
    );
  };
  route(
    app,
    { page: '/espacio/evaluaciones/:id/compromisos/:cid', permission: 'workspace', params: ASSESSMENT, querystring: SAVED },
    async (req, reply, ctx) => assessmentPage(req, reply, ctx.lang, req.params.id, req.params.cid, 200),
  );
  route(
    app,
    { form: '/espacio/evaluaciones/:id/compromisos/:cid', permission: 'workspace', params: ASSESSMENT, body: ASSESSMENT_FORM },
    async (req, reply, lang) => {
      const { id: roundId, cid: commitmentId } = req.params;
      const { action, ...fields } = sentFields(req);
      // A form sends every field; with no box ticked, the browser sends no `evidenceIds` at all: none cited.
      const input = { evidenceIds: [], ...fields };
      const result = await rounds.saveAssessment(
        store,
        req.actor,
        roundId,
        commitmentId,
        input,
        { submit: action === 'submit' },
        app.now(),
      );
      const url = href(lang, `/espacio/evaluaciones/${roundId}/compromisos/${commitmentId}`);
      if (result.ok) return back(reply, url);
      if ('conflict' in result) return assessmentPage(req, reply, lang, roundId, commitmentId, 409, { conflict: result.conflict });
      // Consistency warnings without a reason: the form again, the warnings of what was sent and the reason asked (decision 039).
      return assessmentPage(req, reply, lang, roundId, commitmentId, 400, {
        failed: { form: 'draft', errors: result.errors, values: input as Values, warnings: result.warnings },
      });
    },
  );
  route(
    app,
    {
      form: '/espacio/evaluaciones/:id/compromisos/:cid/decision',
      permission: 'coordinator',
      params: ASSESSMENT,
      body: formSchema(rounds.DECISION_RULES),
    },
    async (req, reply, lang) => {
      const { id: roundId, cid: commitmentId } = req.params;
      const input = sentFields(req);
      const result = await rounds.decideAssessment(store, req.actor, roundId, commitmentId, input, app.now());
      if (result.ok) return back(reply, href(lang, `/espacio/evaluaciones/${roundId}`));
      if ('conflict' in result) return assessmentPage(req, reply, lang, roundId, commitmentId, 409, { conflict: result.conflict });
      // Approving what one submitted oneself: refused (separation of duties), the page says why.
      const refused = result.errors.some((e) => e.code === 'same_person');
      return assessmentPage(req, reply, lang, roundId, commitmentId, refused ? 403 : 400, {
        failed: { form: 'decision', errors: result.errors, values: input as Values, warnings: result.warnings },
      });
    },
  );
  route(
    app,
    {
      form: '/espacio/evaluaciones/:id/compromisos/:cid/correccion',
      permission: 'coordinator',
      params: ASSESSMENT,
      body: formSchema(rounds.CORRECTION_RULES),
    },
    async (req, reply, lang) => {
      const { id: roundId, cid: commitmentId } = req.params;
      const input = sentFields(req);
      const result = await rounds.correctAssessment(store, req.actor, roundId, commitmentId, input, app.now());
      if (result.ok) return back(reply, href(lang, `/espacio/evaluaciones/${roundId}/compromisos/${commitmentId}`));
      return assessmentPage(req, reply, lang, roundId, commitmentId, 400, {
        failed: { form: 'correction', errors: result.errors, values: input as Values },
      });
    },
  );
}

import { roundName } from '../../../i18n/format.js';
import type { Lang } from '../../../i18n/lang.js';
import { workflowMessages } from '../../../i18n/workflow-notices.js';
import type { WorkflowItem, WorkspaceHome } from '../../../services/workspace/home.js';
import { href } from '../format.js';

/**
 * The workspace's first lists (issue 20): an agency editor's assessments returned for correction, with the
 * coordination's comment; a coordinator's assessments submitted for a decision. Nothing when empty.
 */
export function WorkflowLists({ lang, home }: { lang: Lang; home: WorkspaceHome }) {
  const m = workflowMessages[lang].home;
  const round = (r: WorkflowItem['round']) =>
    roundName({ kind: r.kind as 'midterm', title: r.title, lang: r.lang, cutoffDate: r.cutoffDate }, lang);
  const link = (w: WorkflowItem) => (
    <a href={href(lang, `/espacio/evaluaciones/${w.round.id}/compromisos/${w.commitment.id}`)}>
      {w.commitment.number}. {w.commitment.title}
    </a>
  );
  return (
    <>
      {home.returned.length > 0 && (
        <section aria-labelledby="returned">
          <h2 id="returned">{m.returnedTitle}</h2>
          <ul class="returned">
            {home.returned.map((w) => (
              <li key={`${w.round.id}-${w.commitment.id}`}>
                {link(w)} <span class="muted">— {m.returnedItem(round(w.round), w.decidedAt)}</span>
                {w.comment && (
                  <blockquote>
                    <p>
                      <strong>{m.comment}</strong> {w.comment}
                    </p>
                  </blockquote>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {home.submitted.length > 0 && (
        <section aria-labelledby="submitted">
          <h2 id="submitted">{m.submittedTitle}</h2>
          <ul class="submitted">
            {home.submitted.map((w) => (
              <li key={`${w.round.id}-${w.commitment.id}`}>
                {link(w)} <span class="muted">— {m.submittedItem(round(w.round), w.submittedBy, w.submittedAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

import { commitmentMessages } from '../../i18n/commitments.js';
import { monitoringMessages } from '../../i18n/monitoring.js';
import { workspaceMessages } from '../../i18n/workspace.js';
import type { Lang } from '../../i18n/lang.js';
import type { ActivityItem, AgencyRef, ContactEntry } from '../../services/commitments.js';
import { agencyLabel, formatDate, href } from './format.js';

/**
 * A milestone as OGP's template lays it out (issue 19): deliverable, responsible, planned start and
 * end, status (with why it was cancelled), actual end and share done — "sin informar" until someone reports them.
 */
export function MilestoneFacts({ a, lang }: { a: ActivityItem; lang: Lang }) {
  const cm = commitmentMessages[lang];
  const date = (d: string | null) => (d ? formatDate(d, lang) : '—');
  return (
    <dl class="milestone">
      {a.deliverable && (
        <>
          <dt>{cm.deliverable}</dt>
          <dd>{a.deliverable}</dd>
        </>
      )}
      <dt>{cm.responsible}</dt>
      <dd>{a.responsible ? <a href={href(lang, `/entidades/${a.responsible.id}`)}>{agencyLabel(a.responsible)}</a> : '—'}</dd>
      <dt>{cm.plannedStart}</dt>
      <dd>{date(a.plannedStart)}</dd>
      <dt>{cm.plannedEnd}</dt>
      <dd>
        {date(a.plannedEnd)}
        {a.originalPlannedEnd && (
          <span class="original-date"> ({monitoringMessages[lang].originalDate(formatDate(a.originalPlannedEnd, lang))})</span>
        )}
      </dd>
      {/* Status and share done on every activity (issue 20): an activity nobody reported on says so. */}
      <dt>{cm.status}</dt>
      <dd class="milestone-status">
        {!a.status
          ? cm.notReported
          : a.status === 'cancelled' && a.cancellationReason
            ? cm.cancelledBecause(a.cancellationReason)
            : workspaceMessages[lang].activityStatuses[a.status]}
      </dd>
      {a.actualEnd && (
        <>
          <dt>{cm.actualEnd}</dt>
          <dd>{date(a.actualEnd)}</dd>
        </>
      )}
      <dt>{cm.percentDone}</dt>
      <dd class="milestone-done">{a.percentDone !== null ? `${a.percentDone} %` : cm.notReported}</dd>
    </dl>
  );
}

/** The co-leads beside the lead agency, and the contacts beyond the first, in the ficha. */
export function CoLeadsAndMoreContacts({ coLeads, contacts, lang }: { coLeads: AgencyRef[]; contacts: ContactEntry[]; lang: Lang }) {
  const cm = commitmentMessages[lang];
  const more = contacts.slice(1);
  return (
    <>
      {coLeads.length > 0 && (
        <>
          <dt>{cm.coLeads}</dt>
          <dd>
            <ul>
              {coLeads.map((a) => (
                <li key={a.id}>
                  <a href={href(lang, `/entidades/${a.id}`)}>{agencyLabel(a)}</a>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {more.length > 0 && (
        <>
          <dt>{cm.contactsHeading}</dt>
          <dd>
            <ul>
              {more.map((x, i) => (
                <li key={i}>
                  {[x.name, x.position].filter(Boolean).join(', ')}
                  {x.email && (
                    <>
                      {' — '}
                      <a href={`mailto:${x.email}`}>{x.email}</a>
                    </>
                  )}
                  {x.phone && <> — {x.phone}</>}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </>
  );
}

import type { FieldError, Values } from '../../../domain/input.js';
import { workspaceMessages } from '../../../i18n/workspace.js';
import { href } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { ActivityFields } from './commitment.js';
import { ConflictSummary } from './form.js';

export function ActivityEditPage({
  ctx,
  csrf,
  activity,
  values,
  version,
  errors,
  conflict,
  agencies,
  running,
}: {
  agencies: { id: number; name: string; acronym: string | null }[];
  running: boolean;
  ctx: PageContext;
  csrf: string;
  activity: { id: number; number: number; commitment: { id: number; number: number; title: string } };
  values: Values;
  version: number;
  errors: FieldError[];
  conflict: { theirs: Values; mine: Values; version: number } | null;
}) {
  const { lang } = ctx;
  const m = workspaceMessages[lang];
  return (
    <Layout ctx={ctx} title={m.editActivity(activity.number)}>
      <p class="breadcrumb">
        <a href={href(lang, '/espacio')}>{m.title}</a> ›{' '}
        <a href={href(lang, `/espacio/compromisos/${activity.commitment.id}`)}>
          {activity.commitment.number}. {activity.commitment.title}
        </a>
      </p>
      <h1>{m.editActivity(activity.number)}</h1>
      {conflict && <ConflictSummary lang={lang} conflict={conflict} />}
      <ActivityFields
        form={{ lang, csrf, values: conflict ? conflict.mine : values, errors }}
        action={href(lang, `/espacio/actividades/${activity.id}`)}
        version={conflict ? conflict.version : version}
        agencies={agencies}
        running={running}
      />
      <p>
        <a href={href(lang, `/espacio/compromisos/${activity.commitment.id}`)}>{m.cancel}</a>
      </p>
    </Layout>
  );
}

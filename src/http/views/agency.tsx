import { messages } from '../../i18n/index.js';
import type { AgencyPage } from '../../services/plans.js';
import { CommitmentTable } from './components.js';
import { href } from './format.js';
import { Layout, type PageContext } from './layout.js';

/** An agency: the commitments it leads, across plans. */
export function AgencyPageView({ ctx, a }: { ctx: PageContext; a: AgencyPage }) {
  const { lang } = ctx;
  const w = messages(lang).web;
  const name = a.agency.acronym ? `${a.agency.name} (${a.agency.acronym})` : a.agency.name;
  return (
    <Layout ctx={ctx} title={name} description={w.agencyDescription(name, a.commitments.length)}>
      <p class="breadcrumb">
        <a href={href(lang, '/')}>{w.navHome}</a> › <a href={href(lang, '/entidades')}>{w.navAgencies}</a>
      </p>
      <h1>{name}</h1>
      <p class="lead">{w.agencyLeads(a.commitments.length)}</p>
      <CommitmentTable lang={lang} caption={w.commitmentsLedBy} rows={a.commitments} />
    </Layout>
  );
}

/** Every agency, with how many commitments it leads. */
export function AgenciesPage({
  ctx,
  agencies,
}: {
  ctx: PageContext;
  agencies: { id: number; name: string; acronym: string | null; commitmentCount: number }[];
}) {
  const { lang } = ctx;
  const w = messages(lang).web;
  return (
    <Layout ctx={ctx} title={w.navAgencies}>
      <h1>{w.navAgencies}</h1>
      <div class="table-scroll">
        <table class="data">
          <caption>{w.agenciesCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{w.agency}</th>
              <th scope="col">{w.commitmentsLabel}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <a href={href(lang, `/entidades/${a.id}`)}>{a.acronym ? `${a.name} (${a.acronym})` : a.name}</a>
                </th>
                <td>{a.commitmentCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

import { Controller, Get, Req, Res } from '@nestjs/common';
import { barChart } from '../../charts/bar-chart.js';
import { table } from '../../platform/components.js';
import { councilName } from '../../platform/council-names.js';
import { govukDate } from '../../platform/dates.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import {
  AGE_BAND_NAMES,
  CATEGORY_NAMES,
  demandProfileCsv,
  MARKER_MEANINGS,
  type DemandProfile,
  type PublishedCount,
} from './demand-profile.query.js';
import { DEMAND_PROFILE_QUERY, PUBLISHED_DEMAND_PROFILES } from './demand-profile.queries.js';

interface PublishedFiles {
  name: string;
  title: string;
  csvPath: string;
  metaCsvPath: string;
}

interface Published {
  version: number;
  asAt: string;
  revision: number;
  publishedAt: string;
  jsonPath: string;
  tables: PublishedFiles[];
}

/** One table's EES data file and its metadata file. */
const tableLinks = (t: PublishedFiles, suffix: string) =>
  html`<a class="govuk-link" href="${t.csvPath}" download
      >${t.title} (CSV)<span class="govuk-visually-hidden">${suffix}</span></a
    >
    (<a class="govuk-link" href="${t.metaCsvPath}" download
      >metadata<span class="govuk-visually-hidden"> for ${t.title}${suffix}</span></a
    >)`;

/**
 * The open-data files of each published version (served by analytics, streamed through /open-data): one CSV per table
 * to the DfE explore-education-statistics standards with its metadata file, and the version as JSON (docs/adr/0031).
 */
function openData(versions: Published[]): SafeHtml {
  if (versions.length === 0)
    return html`<h2 class="govuk-heading-m">Open data</h2>
      <p class="govuk-body">No version has been published as open data yet.</p>`;
  const latest = versions[versions.length - 1]!;
  return html`<h2 class="govuk-heading-m">Open data</h2>
    <p class="govuk-body">
      Each published version is fixed once published and disclosure-controlled across all its tables. The latest is
      version ${latest.version}, as at ${govukDate(latest.asAt)}. Each table is one CSV file in the Department for
      Education's open data format (explore education statistics), with its metadata file:
      <strong>c</strong> suppressed, <strong>z</strong> not applicable, <strong>low</strong> rounds to zero but is not
      zero.
    </p>
    <ul class="govuk-list" id="open-data-latest">
      ${latest.tables.map(
        (t) =>
          html`<li>
            ${tableLinks({ ...t, csvPath: latestPath(t.csvPath), metaCsvPath: latestPath(t.metaCsvPath) }, ', latest version')}
          </li>`,
      )}
      <li>
        <a class="govuk-link" href="/open-data/demand-profile/latest.json" download
          >Download the latest version (JSON)</a
        >
      </li>
    </ul>
    ${table({
      id: 'open-data-versions',
      caption: 'Every published version',
      captionSize: 's',
      head: ['Version', 'As at', 'Revision', 'Published', 'Files'],
      rows: [...versions].reverse().map((v) => [
        String(v.version),
        govukDate(v.asAt),
        String(v.revision),
        govukDate(v.publishedAt),
        html`<ul class="govuk-list">
          ${v.tables.map((t) => html`<li>${tableLinks(t, `, version ${v.version}`)}</li>`)}
          <li>
            <a class="govuk-link" href="${v.jsonPath}" download
              >JSON<span class="govuk-visually-hidden"> of version ${v.version}</span></a
            >
          </li>
        </ul>`,
      ]),
      rowHeaders: true,
    })}`;
}

/** The same file of whichever version is the latest when the link is followed. */
const latestPath = (path: string) =>
  path.replace(/\/open-data\/demand-profile\/\d+\//, '/open-data/demand-profile/latest/');

const name = (names: Record<string, string>, key: string) => names[key] ?? key;

/** The published (disclosure-controlled) demand profile: public, providers, and everyone signed in. */
@Controller('demand-profile')
export class DemandProfileController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  async show(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    const s = session(req);
    const { demandProfile: p } = await this.gateway.request<{ demandProfile: DemandProfile }>(
      s,
      DEMAND_PROFILE_QUERY,
      {},
      '/demand-profile',
    );
    const { publishedDemandProfiles: versions } = await this.gateway.request<{ publishedDemandProfiles: Published[] }>(
      s,
      PUBLISHED_DEMAND_PROFILES,
      {},
      '/demand-profile',
    );
    send(
      res,
      page({
        title: 'Published demand profile',
        session: s,
        current: '/demand-profile',
        content: html`${this.content(p)} ${openData(versions)}`,
      }),
    );
  }

  @Get('children-looked-after.csv')
  async csv(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    const { demandProfile: p } = await this.gateway.request<{ demandProfile: DemandProfile }>(
      session(req),
      DEMAND_PROFILE_QUERY,
    );
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="children-looked-after-${p.asAt ?? 'none'}.csv"`);
    res.send(demandProfileCsv(p));
  }

  private content(p: DemandProfile): SafeHtml {
    if (p.councils.length === 0) {
      return html`<h1 class="govuk-heading-l">Published demand profile</h1>
        <p class="govuk-body">No council has shared its figures yet.</p>`;
    }
    /** A bar chart of one breakdown, titled and described with its figures (the table below has them too). */
    const figure = (
      id: string,
      by: string,
      names: Record<string, string>,
      totals: { key: string; value: PublishedCount }[],
    ) =>
      html`<figure class="app-figure">
        <figcaption class="govuk-heading-m">By ${by}</figcaption>
        ${barChart({
          id: `chart-${id}`,
          title: `Children looked after by ${by}`,
          description: totals.map((t) => `${name(names, t.key)}: ${t.value.display}`).join('; '),
          bars: totals.map((t) => ({ label: name(names, t.key), value: t.value.count, display: t.value.display })),
        })}
      </figure>`;
    const cell = (category: string, band: string) =>
      p.cells.find((c) => c.placementCategory === category && c.ageBand === band)?.value;
    const markersUsed = [
      ...new Set(
        [...p.cells.map((c) => c.value.marker), ...p.categoryTotals.map((c) => c.value.marker)].filter(Boolean),
      ),
    ] as string[];
    return html`<span class="govuk-caption-l">Children looked after across the region</span>
      <h1 class="govuk-heading-l">Published demand profile</h1>
      <p class="govuk-body">
        As at <strong>${p.asAt ? govukDate(p.asAt) : ''}</strong>, pooled from ${p.councils.length} member
        ${p.councils.length === 1 ? 'council' : 'councils'}. Total: <strong>${p.total.display}</strong> children.
      </p>
      <p class="govuk-body">
        Counts from 1 to ${p.minCount - 1} are not published: they are shown as <strong>c</strong>, and some other
        counts are hidden too so they cannot be worked out from the totals.
      </p>
      <p class="govuk-body">
        <a class="govuk-link" href="/demand-profile/children-looked-after.csv" download>Download this table (CSV)</a>
      </p>

      <div class="govuk-grid-row">
        <div class="govuk-grid-column-full">
          ${figure('placement', 'placement type', CATEGORY_NAMES, p.categoryTotals)}
          ${figure('age', 'age band', AGE_BAND_NAMES, p.ageBandTotals)}
        </div>
      </div>
      ${table({
        id: 'demand-table',
        caption: 'Children looked after by placement type and age band',
        head: ['Placement type', ...p.ageBands.map((b) => name(AGE_BAND_NAMES, b)), 'Total'],
        rows: [
          ...p.placementCategories.map((c) => [
            name(CATEGORY_NAMES, c),
            ...p.ageBands.map((b) => cell(c, b)?.display ?? 'z'),
            p.categoryTotals.find((t) => t.key === c)?.value.display ?? 'z',
          ]),
          [
            'Total',
            ...p.ageBands.map((b) => p.ageBandTotals.find((t) => t.key === b)?.value.display ?? 'z'),
            p.total.display,
          ],
        ],
        numeric: [...p.ageBands.map((_, i) => i + 1), p.ageBands.length + 1],
        rowHeaders: true,
      })}
      ${
        markersUsed.length
          ? html`<h2 class="govuk-heading-s">Markers</h2>
              <ul class="govuk-list">
                ${markersUsed.map((m) => html`<li><strong>${m}</strong>: ${MARKER_MEANINGS[m] ?? m}</li>`)}
              </ul>`
          : ''
      }
      <h2 class="govuk-heading-s">Councils pooled</h2>
      <ul class="govuk-list govuk-list--bullet">
        ${p.councils.map((c) => html`<li>${councilName(c.code)}, as at ${govukDate(c.asAt)}</li>`)}
      </ul> `;
  }
}

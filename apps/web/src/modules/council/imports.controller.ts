import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { Roles, Upload } from '../../platform/access.js';
import {
  button,
  csrfField,
  dateInput,
  notification,
  readDate,
  summaryList,
  table,
  type DateParts,
  type Errors,
} from '../../platform/components.js';
import { GatewayClient, GatewayError } from '../../platform/gateway.client.js';
import { govukDate } from '../../platform/dates.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { field, session, type UploadedFile, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { counted } from '../../platform/plural.js';
import { send } from '../../platform/render.js';
import { chosenFiles, utf8Text } from '../../platform/uploads.js';
import { IMPORT_SSDA903, SHARING_AGREEMENT } from './imports.queries.js';

export const MAX_FILES = 40;
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

interface SharingFlag {
  dataset: string;
  shared: boolean;
  data: string;
  use: string;
}

interface ImportResult {
  batchId: string;
  alreadyImported: boolean;
  collectionYear: number | null;
  years: number[];
  files: { name: string; table: string; rows: number }[];
  children: number;
  episodes: number;
  records: number;
  repairs: number;
  snapshotAsAt: string;
  shared: boolean;
  snapshotTotal: number;
}

export interface RowError {
  file: string;
  row: number;
  column: string;
  value: string;
  rule: string;
  message: string;
}

/** Reads the uploaded files as UTF-8 text; a file that is not CSV/XML or not UTF-8 is a form error. */
export function readUploads(files: UploadedFile[]): { files: { name: string; content: string }[]; error?: string } {
  const chosen = chosenFiles(files);
  if (chosen.length === 0) return { files: [], error: 'Select at least one SSDA903 file' };
  const out: { name: string; content: string }[] = [];
  for (const f of chosen) {
    if (!/\.(csv|xml)$/i.test(f.originalname))
      return { files: [], error: `${f.originalname} must be a CSV or XML file` };
    if (f.size === 0) return { files: [], error: `${f.originalname} is empty` };
    const content = utf8Text(f);
    if (content === undefined) return { files: [], error: `${f.originalname} must be saved as UTF-8 text` };
    out.push({ name: f.originalname, content });
  }
  return { files: out };
}

/** SSDA903 imports: upload a return (any tables, CSV or DfE XML, one or several years), see the result or row errors. */
@Controller('council/imports')
@Roles('council.analyst')
export class ImportsController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  async form(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    const { sharingAgreement } = await this.gateway.request<{ sharingAgreement: SharingFlag[] }>(
      session(req),
      SHARING_AGREEMENT,
      {},
      '/council/imports',
    );
    send(res, this.page(req, {}, { day: '', month: '', year: '' }, undefined, sharingAgreement));
  }

  @Post()
  @Upload('files', { files: MAX_FILES, fileSize: MAX_FILE_BYTES })
  async upload(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: Record<string, unknown>): Promise<void> {
    const asAtParts = {
      day: field(body, 'asAt-day'),
      month: field(body, 'asAt-month'),
      year: field(body, 'asAt-year'),
    };
    const errors: Errors = {};
    const read = readUploads(req.files ?? []);
    if (read.error) errors['files'] = { href: 'files', text: read.error };
    const asAt = readDate(asAtParts, 'The snapshot date');
    if (asAt.error) errors['asAt'] = { href: 'asAt-day', text: asAt.error };
    if (Object.keys(errors).length > 0) {
      send(res, this.page(req, errors, asAtParts), 400);
      return;
    }
    try {
      const { importSsda903 } = await this.gateway.request<{ importSsda903: ImportResult }>(
        session(req),
        IMPORT_SSDA903,
        {
          input: { files: read.files, ...(asAt.iso ? { asAt: asAt.iso } : {}) },
        },
      );
      send(res, this.page(req, {}, asAtParts, this.result(importSsda903)));
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      if (error.code === 'IMPORT_REJECTED') {
        const details = error.details as { errors: RowError[]; totalErrors: number };
        errors['rows'] = {
          href: 'row-errors',
          text: `The files have ${counted(details.totalErrors, 'error')}: nothing was imported. Correct them and upload the files again.`,
        };
        send(res, this.page(req, errors, asAtParts, this.rowErrors(details.errors, details.totalErrors)), 422);
        return;
      }
      if (error.code === 'BAD_USER_INPUT' || error.code === 'BAD_REQUEST') {
        errors['files'] = { href: 'files', text: error.problems?.join('; ') ?? error.message };
        send(res, this.page(req, errors, asAtParts), 400);
        return;
      }
      throw error;
    }
  }

  private result(r: ImportResult): SafeHtml {
    return html`${notification(
        r.alreadyImported ? 'These files were imported before: nothing changed' : 'Return imported',
        html`<p class="govuk-body">
          ${r.children} children and ${r.episodes}
          episodes${r.years.length ? html` for ${r.years.length === 1 ? 'year' : 'years'} ${r.years.join(', ')}` : ''}.
        </p>`,
      )}
      <h2 class="govuk-heading-m" id="result">What was imported</h2>
      ${summaryList([
        { key: 'Collection years', value: r.years.join(', ') || 'none' },
        { key: 'Children', value: String(r.children) },
        { key: 'Episodes', value: String(r.episodes) },
        { key: 'Rows of other tables', value: String(r.records) },
        { key: 'Episode end dates repaired by stitching', value: String(r.repairs) },
        { key: 'Need snapshot', value: `${r.snapshotTotal} children looked after on ${govukDate(r.snapshotAsAt)}` },
        {
          key: 'Shared with the region',
          value: r.shared
            ? 'Yes: as counts only, under your data-sharing agreement'
            : 'No: your data-sharing agreement does not share need snapshots',
        },
        { key: 'Import reference', value: r.batchId.slice(0, 8).toUpperCase() },
      ])}
      ${table({
        caption: 'Files',
        captionSize: 's',
        head: ['File', 'SSDA903 table', 'Rows'],
        rows: r.files.map((f) => [f.name, f.table, String(f.rows)]),
        numeric: [2],
        rowHeaders: true,
      })}`;
  }

  private rowErrors(errors: RowError[], total: number): SafeHtml {
    return html`<h2 class="govuk-heading-m" id="row-errors" tabindex="-1">Errors in the files</h2>
      <p class="govuk-body">
        ${total > errors.length ? `The first ${errors.length} of ${total} errors.` : `${counted(total, 'error')}.`} Row
        numbers count the header line as row 1.
      </p>
      ${table({
        id: 'row-errors-table',
        caption: 'Row errors',
        captionSize: 's',
        head: ['File', 'Row', 'Column', 'Value', 'Problem', 'Rule'],
        rows: errors.map((e) => [
          e.file,
          String(e.row),
          e.column,
          e.value === '' ? '(blank)' : e.value,
          e.message,
          e.rule,
        ]),
        numeric: [1],
      })}`;
  }

  private page(req: WebRequest, errors: Errors, asAt: DateParts, after?: SafeHtml, sharing?: SharingFlag[]): SafeHtml {
    const s = session(req);
    return page({
      title: 'Import an SSDA903 return',
      session: s,
      current: '/council/imports',
      errors,
      content: html`<h1 class="govuk-heading-l">Import an SSDA903 return</h1>
        ${after ?? ''}
        <p class="govuk-body">
          Upload the files of your children-looked-after return: the header and episodes tables at least, and any others
          (UASC, reviews, missing, OC2, OC3...). CSV or the DfE XML layout; several years at once if the file names
          carry the year, for example 2021-episodes.csv.
        </p>
        <p class="govuk-body">
          A file with errors is rejected whole: nothing is written, and every error is listed with its row and column.
        </p>
        <form method="post" action="/council/imports" enctype="multipart/form-data" novalidate data-upload-progress>
          ${csrfField(s.csrfToken)}
          <div class="govuk-form-group ${errors['files'] ? 'govuk-form-group--error' : ''}">
            <label class="govuk-label govuk-label--s" for="files">SSDA903 files</label>
            <div id="files-hint" class="govuk-hint">Up to ${MAX_FILES} files, each smaller than 20 MB.</div>
            ${errors['files'] ? html`<p id="files-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${errors['files'].text}</p>` : ''}
            <input
              class="govuk-file-upload ${errors['files'] ? 'govuk-file-upload--error' : ''}"
              id="files"
              name="files"
              type="file"
              multiple
              accept=".csv,.xml,text/csv,application/xml,text/xml"
              aria-describedby="files-hint${errors['files'] ? ' files-error' : ''}"
            />
          </div>
          ${dateInput({
            id: 'asAt',
            legend: 'Date of the need snapshot (optional)',
            hint: 'Leave blank for the latest 31 March the data reaches. For example, 31 3 2021',
            value: asAt,
            error: errors['asAt'],
          })}
          ${button('Upload and import')}
          <div class="app-upload-status" data-upload-status hidden>
            <label class="govuk-label govuk-label--s" for="upload-progress">Upload progress</label>
            <progress id="upload-progress" class="app-progress" max="100" value="0"></progress>
            <p class="govuk-body" data-upload-text aria-live="polite"></p>
          </div>
        </form>
        ${
          sharing
            ? table({
                id: 'sharing-table',
                caption: 'What your council shares with the region (your data-sharing agreement)',
                captionSize: 's',
                head: ['Dataset', 'Shared', 'What crosses', 'Used for'],
                rows: sharing.map((f) => [f.dataset, f.shared ? 'Yes' : 'No', f.data, f.use]),
                rowHeaders: true,
              })
            : ''
        }`,
    });
  }
}

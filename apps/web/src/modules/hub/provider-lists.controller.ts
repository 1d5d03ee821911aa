import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { Roles, Upload } from '../../platform/access.js';
import { button, csrfField, notification, summaryList, table, type Errors } from '../../platform/components.js';
import { GatewayClient, GatewayError } from '../../platform/gateway.client.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { session, type UploadedFile, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { counted } from '../../platform/plural.js';
import { send } from '../../platform/render.js';
import { chosenFiles, utf8Text } from '../../platform/uploads.js';
import { IMPORT_PROVIDERS } from './provider-lists.queries.js';

interface Summary {
  rows: number;
  new: number;
  changed: number;
  closed: number;
  unchanged: number;
  rejected: number;
  outOfScope: number;
  providersCreated: number;
}

interface ListError {
  file: string;
  row: number;
  column: string;
  value: string;
  message: string;
}

/** Provider-list files as the registry takes them: CSV as UTF-8 text, xlsx as base64. */
export function readProviderLists(files: UploadedFile[]): {
  files: { name: string; content: string; encoding: 'utf8' | 'base64' }[];
  error?: string;
} {
  const chosen = chosenFiles(files);
  if (chosen.length === 0) return { files: [], error: 'Select the Ofsted provider list (CSV or xlsx)' };
  const out: { name: string; content: string; encoding: 'utf8' | 'base64' }[] = [];
  for (const f of chosen) {
    if (f.size === 0) return { files: [], error: `${f.originalname} is empty` };
    if (/\.xlsx$/i.test(f.originalname))
      out.push({ name: f.originalname, content: f.buffer.toString('base64'), encoding: 'base64' });
    else if (/\.csv$/i.test(f.originalname)) {
      const content = utf8Text(f);
      if (content === undefined) return { files: [], error: `${f.originalname} must be saved as UTF-8 text` };
      out.push({ name: f.originalname, content, encoding: 'utf8' });
    } else return { files: [], error: `${f.originalname} must be a CSV or xlsx file` };
  }
  return { files: out };
}

/** The hub imports Ofsted / DfE provider lists into the shared registry: settings recognised by URN. */
@Controller('hub/provider-lists')
@Roles('hub.commissioner')
export class ProviderListsController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get()
  form(@Req() req: WebRequest, @Res() res: WebResponse): void {
    send(res, this.page(req, {}));
  }

  @Post()
  @Upload('files', { files: 10, fileSize: 20 * 1024 * 1024 })
  async upload(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    const read = readProviderLists(req.files ?? []);
    if (read.error) {
      send(res, this.page(req, { files: { href: 'files', text: read.error } }), 400);
      return;
    }
    try {
      const { importProviders: s } = await this.gateway.request<{ importProviders: Summary }>(
        session(req),
        IMPORT_PROVIDERS,
        {
          input: { files: read.files },
        },
      );
      send(
        res,
        this.page(
          req,
          {},
          html`${notification('Provider list imported', html`<p class="govuk-body">${s.rows} settings read.</p>`)}
          ${summaryList([
            { key: 'Settings read', value: String(s.rows) },
            { key: 'New', value: String(s.new) },
            { key: 'Changed', value: String(s.changed) },
            { key: 'Closed', value: String(s.closed) },
            { key: 'Unchanged', value: String(s.unchanged) },
            { key: 'Not held by the registry (for example adoption agencies)', value: String(s.outOfScope) },
            { key: 'Providers created', value: String(s.providersCreated) },
          ])}`,
        ),
      );
    } catch (error) {
      if (!(error instanceof GatewayError) || error.code !== 'PROVIDER_IMPORT_REJECTED') throw error;
      const d = error.details as { errors: ListError[]; totalErrors: number; rejectedRows: number };
      send(
        res,
        this.page(
          req,
          {
            rows: {
              href: 'row-errors',
              text: `The list has ${counted(d.totalErrors, 'error')} in ${counted(d.rejectedRows, 'row')}: nothing was imported`,
            },
          },
          html`<h2 class="govuk-heading-m" id="row-errors" tabindex="-1">Errors in the list</h2>
            <div class="app-table-wrapper">
              ${table({
                caption:
                  d.totalErrors > d.errors.length
                    ? `The first ${d.errors.length} of ${d.totalErrors} errors`
                    : counted(d.totalErrors, 'error'),
                captionSize: 's',
                head: ['File', 'Row', 'Column', 'Value', 'Problem'],
                rows: d.errors.map((e) => [
                  e.file,
                  String(e.row),
                  e.column,
                  e.value === '' ? '(blank)' : e.value,
                  e.message,
                ]),
                numeric: [1],
              })}
            </div>`,
        ),
        422,
      );
    }
  }

  private page(req: WebRequest, errors: Errors, after?: SafeHtml): SafeHtml {
    const s = session(req);
    return page({
      title: 'Import provider lists',
      session: s,
      current: '/hub/providers',
      backLink: '/hub/providers',
      errors,
      content: html`<h1 class="govuk-heading-l">Import provider lists</h1>
        ${after ?? ''}
        <p class="govuk-body">
          Upload Ofsted’s or DfE’s provider lists (children’s homes, social care providers) as CSV or xlsx. Settings are
          recognised by URN as new, changed or closed. Any row error rejects the whole import.
        </p>
        <form method="post" action="/hub/provider-lists" enctype="multipart/form-data" novalidate data-upload-progress>
          ${csrfField(s.csrfToken)}
          <div class="govuk-form-group ${errors['files'] ? 'govuk-form-group--error' : ''}">
            <label class="govuk-label govuk-label--s" for="files">Provider list files</label>
            ${errors['files'] ? html`<p id="files-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${errors['files'].text}</p>` : ''}
            <input
              class="govuk-file-upload ${errors['files'] ? 'govuk-file-upload--error' : ''}"
              id="files"
              name="files"
              type="file"
              multiple
              accept=".csv,.xlsx"
              ${errors['files'] ? html`aria-describedby="files-error"` : ''}
            />
          </div>
          ${button('Upload and import')}
          <div class="app-upload-status" data-upload-status hidden>
            <label class="govuk-label govuk-label--s" for="upload-progress">Upload progress</label>
            <progress id="upload-progress" class="app-progress" max="100" value="0"></progress>
            <p class="govuk-body" data-upload-text aria-live="polite"></p>
          </div>
        </form>`,
    });
  }
}

import { html, type SafeHtml } from './html.js';

/** GOV.UK Design System components as server-side functions (the markup of govuk-frontend's templates). */

export interface FieldError {
  /** The id of the input the summary links to. */
  href: string;
  text: string;
}

export type Errors = Record<string, FieldError>;

export function errorSummary(errors: Errors): SafeHtml {
  const list = Object.values(errors);
  if (list.length === 0) return html``;
  return html`<div class="govuk-error-summary" data-module="govuk-error-summary">
    <div role="alert">
      <h2 class="govuk-error-summary__title">There is a problem</h2>
      <div class="govuk-error-summary__body">
        <ul class="govuk-list govuk-error-summary__list">
          ${list.map((e) => html`<li><a href="#${e.href}">${e.text}</a></li>`)}
        </ul>
      </div>
    </div>
  </div>`;
}

function errorMessage(id: string, error?: FieldError): SafeHtml {
  if (!error) return html``;
  return html`<p id="${id}-error" class="govuk-error-message">
    <span class="govuk-visually-hidden">Error:</span> ${error.text}
  </p>`;
}

function describedBy(id: string, hint?: string, error?: FieldError): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/**
 * A form group: the label, the hint and the error message, then the control they describe, made from the control's
 * shared attributes (its id, name and what describes it).
 */
function formGroup(
  o: { id: string; name?: string; label: string; hint?: string; error?: FieldError },
  control: (attributes: SafeHtml) => SafeHtml,
): SafeHtml {
  const by = describedBy(o.id, o.hint, o.error);
  const attributes = html`id="${o.id}" name="${o.name ?? o.id}" ${by ? html`aria-describedby="${by}"` : ''}`;
  return html`<div class="govuk-form-group ${o.error ? 'govuk-form-group--error' : ''}">
    <label class="govuk-label" for="${o.id}">${o.label}</label>
    ${o.hint ? html`<div id="${o.id}-hint" class="govuk-hint">${o.hint}</div>` : ''} ${errorMessage(o.id, o.error)}
    ${control(attributes)}
  </div>`;
}

export interface InputOptions {
  id: string;
  name?: string;
  label: string;
  hint?: string;
  value?: string;
  error?: FieldError;
  type?: string;
  classes?: string;
  autocomplete?: string;
  inputmode?: string;
  spellcheck?: boolean;
  prefix?: string;
}

export function textInput(o: InputOptions): SafeHtml {
  return formGroup(o, (attributes) => {
    const input = html`<input
      class="govuk-input ${o.classes ?? ''} ${o.error ? 'govuk-input--error' : ''}"
      ${attributes}
      type="${o.type ?? 'text'}"
      value="${o.value ?? ''}"
      ${o.autocomplete ? html`autocomplete="${o.autocomplete}"` : ''}
      ${o.inputmode ? html`inputmode="${o.inputmode}"` : ''}
      ${o.spellcheck === false ? html`spellcheck="false"` : ''}
    />`;
    return o.prefix
      ? html`<div class="govuk-input__wrapper">
          <div class="govuk-input__prefix" aria-hidden="true">${o.prefix}</div>
          ${input}
        </div>`
      : input;
  });
}

export function textarea(o: InputOptions & { rows?: number }): SafeHtml {
  return formGroup(
    o,
    (attributes) =>
      html`<textarea
        class="govuk-textarea ${o.error ? 'govuk-textarea--error' : ''}"
        ${attributes}
        rows="${o.rows ?? 5}"
        spellcheck="false"
      >
${o.value ?? ''}</textarea>`,
  );
}

export interface ChoiceItem {
  value: string;
  text: string;
  hint?: string;
}

export interface ChoicesOptions {
  /** The id of the first input (the error summary links here) and the prefix of the others. */
  id: string;
  name: string;
  legend: string;
  legendSize?: 's' | 'm' | 'l';
  hint?: string;
  items: ChoiceItem[];
  /** Selected values. */
  values?: string[];
  error?: FieldError;
  inline?: boolean;
}

function choices(kind: 'radios' | 'checkboxes', o: ChoicesOptions): SafeHtml {
  const by = describedBy(o.id, o.hint, o.error);
  const type = kind === 'radios' ? 'radio' : 'checkbox';
  return html`<div class="govuk-form-group ${o.error ? 'govuk-form-group--error' : ''}">
    <fieldset class="govuk-fieldset" ${by ? html`aria-describedby="${by}"` : ''}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--${o.legendSize ?? 's'}">${o.legend}</legend>
      ${o.hint ? html`<div id="${o.id}-hint" class="govuk-hint">${o.hint}</div>` : ''} ${errorMessage(o.id, o.error)}
      <div class="govuk-${kind} ${o.inline ? `govuk-${kind}--inline` : ''}" data-module="govuk-${kind}">
        ${o.items.map((item, i) => {
          const id = i === 0 ? o.id : `${o.id}-${i + 1}`;
          const itemClass = kind === 'radios' ? 'govuk-radios' : 'govuk-checkboxes';
          return html`<div class="${itemClass}__item">
            <input
              class="${itemClass}__input"
              id="${id}"
              name="${o.name}"
              type="${type}"
              value="${item.value}"
              ${o.values?.includes(item.value) ? html`checked` : ''}
              ${item.hint ? html`aria-describedby="${id}-item-hint"` : ''}
            />
            <label class="govuk-label ${itemClass}__label" for="${id}">${item.text}</label>
            ${item.hint ? html`<div id="${id}-item-hint" class="govuk-hint ${itemClass}__hint">${item.hint}</div>` : ''}
          </div>`;
        })}
      </div>
    </fieldset>
  </div>`;
}

/** The GOV.UK select: one choice from a list, each shown by its name (the value may be a code or an id). */
export function select(o: {
  id: string;
  name?: string;
  label: string;
  hint?: string;
  items: ChoiceItem[];
  value?: string;
  error?: FieldError;
}): SafeHtml {
  return formGroup(
    o,
    (attributes) =>
      html`<select class="govuk-select ${o.error ? 'govuk-select--error' : ''}" ${attributes}>
        ${o.items.map((i) => html`<option value="${i.value}" ${i.value === o.value ? html`selected` : ''}>${i.text}</option>`)}
      </select>`,
  );
}

export const radios = (o: ChoicesOptions) => choices('radios', o);
export const checkboxes = (o: ChoicesOptions) => choices('checkboxes', o);

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** The GOV.UK date input: day, month and year fields; the summary links to the day field (id-day). */
export function dateInput(o: {
  id: string;
  legend: string;
  hint?: string;
  value: DateParts;
  error?: FieldError;
}): SafeHtml {
  const by = describedBy(o.id, o.hint, o.error);
  const part = (name: keyof DateParts, label: string, width: number) =>
    html`<div class="govuk-date-input__item">
      <div class="govuk-form-group">
        <label class="govuk-label govuk-date-input__label" for="${o.id}-${name}">${label}</label>
        <input
          class="govuk-input govuk-date-input__input govuk-input--width-${width} ${o.error ? 'govuk-input--error' : ''}"
          id="${o.id}-${name}"
          name="${o.id}-${name}"
          type="text"
          inputmode="numeric"
          value="${o.value[name]}"
        />
      </div>
    </div>`;
  return html`<div class="govuk-form-group ${o.error ? 'govuk-form-group--error' : ''}">
    <fieldset class="govuk-fieldset" role="group" ${by ? html`aria-describedby="${by}"` : ''}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${o.legend}</legend>
      ${o.hint ? html`<div id="${o.id}-hint" class="govuk-hint">${o.hint}</div>` : ''} ${errorMessage(o.id, o.error)}
      <div class="govuk-date-input" id="${o.id}">
        ${part('day', 'Day', 2)}${part('month', 'Month', 2)}${part('year', 'Year', 4)}
      </div>
    </fieldset>
  </div>`;
}

/** Reads a GOV.UK date input; returns YYYY-MM-DD, '' when all blank, or an error message. */
export function readDate(parts: DateParts, label: string): { iso?: string; blank?: true; error?: string } {
  const { day, month, year } = parts;
  if (!day && !month && !year) return { blank: true };
  if (!day || !month || !year) return { error: `${label} must include a day, month and year` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { error: `${label} must be a real date, for example 31 3 2026` };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso)
    return { error: `${label} must be a real date, for example 31 3 2026` };
  return { iso };
}

export function button(text: string, options: { secondary?: boolean; name?: string; value?: string } = {}): SafeHtml {
  return html`<button
    type="submit"
    class="govuk-button ${options.secondary ? 'govuk-button--secondary' : ''}"
    data-module="govuk-button"
    ${options.name ? html`name="${options.name}" value="${options.value ?? ''}"` : ''}
  >
    ${text}
  </button>`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

export function summaryList(rows: { key: string; value: SafeHtml | string | number }[]): SafeHtml {
  return html`<dl class="govuk-summary-list">
    ${rows.map(
      (r) =>
        html`<div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">${r.key}</dt>
          <dd class="govuk-summary-list__value">${r.value}</dd>
        </div>`,
    )}
  </dl>`;
}

/** A cell with classes and a data value of its own (a heat table's shaded cell), beside plain cells. */
export interface TableCell {
  content: string | number | SafeHtml;
  classes: string;
  dataValue?: string | number;
}

export interface TableOptions {
  caption: string;
  captionSize?: 's' | 'm' | 'l';
  head: string[];
  rows: (string | number | SafeHtml | TableCell)[][];
  /** Columns holding numbers (right-aligned). */
  numeric?: number[];
  /** First cell of each row is a row header. */
  rowHeaders?: boolean;
  id?: string;
}

const isCell = (c: unknown): c is TableCell => typeof c === 'object' && c !== null && 'classes' in c;

export function table(o: TableOptions): SafeHtml {
  const num = new Set(o.numeric ?? []);
  const cls = (i: number, kind: 'header' | 'cell') =>
    `govuk-table__${kind}${num.has(i) ? ` govuk-table__${kind}--numeric` : ''}`;
  const cell = (c: TableOptions['rows'][number][number], i: number) =>
    isCell(c)
      ? html`<td
          class="${cls(i, 'cell')} ${c.classes}"
          ${c.dataValue === undefined ? '' : html`data-value="${c.dataValue}"`}
        >
          ${c.content}
        </td>`
      : html`<td class="${cls(i, 'cell')}">${c}</td>`;
  // A focusable, labelled scroll region (axe: scrollable-region-focusable): a wide table scrolls inside it on a
  // small screen instead of making the whole page scroll sideways or hiding columns.
  return html`<div class="app-table-wrapper" role="region" aria-label="${o.caption}" tabindex="0">
    <table class="govuk-table" ${o.id ? html`id="${o.id}"` : ''}>
      <caption class="govuk-table__caption govuk-table__caption--${o.captionSize ?? 'm'}">
        ${o.caption}
      </caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          ${o.head.map((h, i) => html`<th scope="col" class="${cls(i, 'header')}">${h}</th>`)}
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        ${o.rows.map(
          (row) =>
            html`<tr class="govuk-table__row">
              ${row.map((c, i) =>
                i === 0 && o.rowHeaders
                  ? html`<th scope="row" class="govuk-table__header">${isCell(c) ? c.content : c}</th>`
                  : cell(c, i),
              )}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function notification(title: string, body: SafeHtml, success = true): SafeHtml {
  return html`<div
    class="govuk-notification-banner ${success ? 'govuk-notification-banner--success' : ''}"
    role="${success ? 'alert' : 'region'}"
    aria-labelledby="notification-title"
    data-module="govuk-notification-banner"
  >
    <div class="govuk-notification-banner__header">
      <h2 class="govuk-notification-banner__title" id="notification-title">${success ? 'Success' : 'Important'}</h2>
    </div>
    <div class="govuk-notification-banner__content">
      <h3 class="govuk-notification-banner__heading">${title}</h3>
      ${body}
    </div>
  </div>`;
}

export function tag(text: string, colour?: string): SafeHtml {
  return html`<strong class="govuk-tag ${colour ? `govuk-tag--${colour}` : ''}">${text}</strong>`;
}

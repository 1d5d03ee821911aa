import type { Principal } from '@rcc/auth';
import { select } from '../../platform/components.js';
import { councilName } from '../../platform/council-names.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { CATEGORY_NAMES } from '../demand-profile/demand-profile.query.js';

export const isHub = (p: Principal | undefined) => Boolean(p?.roles.includes('hub.commissioner'));

export const categoryName = (key: string) =>
  CATEGORY_NAMES[key] ?? key.charAt(0).toUpperCase() + key.slice(1).replace(/-/g, ' ');

/**
 * Whose figures a page shows: the hub chooses the region or one member council (`?council=`); a council user always
 * sees its own council (the API refuses another's detail). Returns the council code, or null for the region.
 */
export function chosenCouncil(
  principal: Principal | undefined,
  requested: string | undefined,
  councils: { code: string }[],
): string | null {
  if (!isHub(principal)) return principal?.council ?? null;
  return requested && councils.some((c) => c.code === requested) ? requested : null;
}

/** The hub's GET form choosing the region or a council; nothing for a council user. */
export function scopeForm(
  principal: Principal | undefined,
  action: string,
  chosen: string | null,
  councils: { code: string; name: string }[],
): SafeHtml {
  if (!isHub(principal)) return html``;
  return html`<form method="get" action="${action}" class="govuk-!-margin-bottom-6">
    ${select({
      id: 'council',
      label: 'Figures for',
      items: [{ value: '', text: 'The whole region' }, ...councils.map((c) => ({ value: c.code, text: c.name }))],
      value: chosen ?? '',
    })}
    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Show</button>
  </form>`;
}

/** A council by name, never by code (the one lookup: platform/council-names.ts). */
export function councilLabel(code: string, councils: { code: string; name: string }[]): string {
  return councilName(code, councils);
}

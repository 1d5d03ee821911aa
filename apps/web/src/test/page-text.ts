import type { Page } from 'playwright-core';

/**
 * What a page must not say (issue 22, docs/adr/0062): dates as people write them, councils by name, and no wording
 * that only a developer would understand. Each rule is a pattern over the page's visible text (and its visually
 * hidden text, which a screen reader reads), form inputs left out: a date typed into a field is the person's own.
 */
export const PAGE_TEXT_RULES: readonly { rule: string; pattern: RegExp }[] = [
  { rule: 'a date written as YYYY-MM-DD (write "5 December 2026")', pattern: /\b\d{4}-\d{2}-\d{2}\b/g },
  {
    rule: 'a month written as YYYY-MM (write "December 2026")',
    pattern: /\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])\b(?!-\d)/g,
  },
  { rule: 'a council code where its name should be', pattern: /\bE[01]\d{7}\b/g },
  {
    rule: 'an id where a name should be',
    pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
  },
  {
    rule: 'a plural after 1 (write "1 error", "1 row")',
    pattern:
      /(?<![\d.,£])\b1 (?:errors|rows|records|children|homes|places|beds|referrals|offers|bids|months|weeks|days|years|providers|councils|settings|vacancies|contracts|lots|questions|answers|files|tenders|placements)\b/g,
  },
  {
    rule: 'a name from the code (camelCase or snake_case)',
    pattern: /\b[a-z]+[A-Z][A-Za-z]*\b|\b[A-Za-z]+_[A-Za-z_]+\b/g,
  },
  { rule: 'a value the code never filled in', pattern: /\b(?:undefined|null|NaN)\b|\[object Object\]/g },
];

/** Every rule the text breaks, each with the words around the first few places it does. */
export function textProblems(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ');
  return PAGE_TEXT_RULES.flatMap(({ rule, pattern }) => {
    const hits = [...flat.matchAll(pattern)].slice(0, 3);
    return hits.length
      ? [
          `${rule}: ${hits.map((m) => `"…${flat.slice(Math.max(0, (m.index ?? 0) - 30), (m.index ?? 0) + m[0].length + 30)}…"`).join(', ')}`,
        ]
      : [];
  });
}

/**
 * The page's title as GOV.UK pages write it: "<what the page is> - RCC Exchange" (with "Error: " in front when a
 * form has errors), where what the page is names the page (it is not the service's name again) and agrees with the
 * page's one main heading.
 */
export function titleProblems(title: string, headings: string[], service = 'RCC Exchange'): string[] {
  const problems = textProblems(title).map((p) => `the title has ${p}`);
  const own = title.replace(/^Error: /, '').endsWith(` - ${service}`)
    ? title
        .replace(/^Error: /, '')
        .slice(0, -` - ${service}`.length)
        .trim()
    : undefined;
  if (own === undefined) problems.push(`the title "${title}" does not end with " - ${service}"`);
  else if (!own || own === service) problems.push(`the title "${title}" does not say what the page is`);
  if (headings.length !== 1) problems.push(`the page has ${headings.length} main headings (h1), not one`);
  else if (own) {
    const [a, b] = [own.toLowerCase(), headings[0]!.replace(/\s+/g, ' ').trim().toLowerCase()];
    if (!a.includes(b) && !b.includes(a))
      problems.push(`the title "${own}" does not match the heading "${headings[0]}"`);
  }
  return problems;
}

/** The text a person meets on the page: every text node outside form inputs, scripts and styles, and its title. */
export async function pageText(page: Page): Promise<{ title: string; headings: string[]; text: string }> {
  return (await page.evaluate(`(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => n.parentElement.closest('input, textarea, script, style, template, noscript')
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const parts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push(n.nodeValue);
    return {
      title: document.title,
      headings: [...document.querySelectorAll('h1')].map((h) => h.textContent.replace(/\\s+/g, ' ').trim()),
      text: parts.join(' '),
    };
  })()`)) as { title: string; headings: string[]; text: string };
}

/** Every wording problem of the current page: its title, its main heading and its text. */
export async function wordingProblems(page: Page): Promise<string[]> {
  const { title, headings, text } = await pageText(page);
  return [...titleProblems(title, headings), ...textProblems(text)];
}

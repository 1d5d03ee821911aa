import { describe, expect, it } from '@jest/globals';
import { readDate } from './components.js';
import { parseCookies, serializeCookie } from './cookies.js';
import { CsrfTokens } from './csrf.js';
import { safeNext } from './error-pages.filter.js';
import { html, raw } from './html.js';
import { counted } from './plural.js';

describe('html', () => {
  it('escapes every interpolated value, keeps nested templates, joins arrays and drops null/false', () => {
    const name = '<script>alert("x")</script> & \'co\'';
    const h = html; // not tagged `html` here, so Prettier leaves the exact markup alone
    const out = h`<p title="${name}">${name}</p>${[h`<b>${'a<b'}</b>`, 'c>d']}${null}${false}${undefined}${0}`;
    expect(out.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p><b>a&lt;b</b>c&gt;d0',
    );
    expect(html`${raw('<i>ok</i>')}`.value).toBe('<i>ok</i>');
  });
});

describe('readDate (GOV.UK date input)', () => {
  it('reads real dates and says what is wrong with the others', () => {
    expect(readDate({ day: '1', month: '3', year: '2026' }, 'Start')).toEqual({ iso: '2026-03-01' });
    expect(readDate({ day: '', month: '', year: '' }, 'Start')).toEqual({ blank: true });
    expect(readDate({ day: '1', month: '', year: '2026' }, 'Start').error).toBe(
      'Start must include a day, month and year',
    );
    expect(readDate({ day: '31', month: '2', year: '2026' }, 'Start').error).toMatch(/must be a real date/);
    expect(readDate({ day: 'x', month: '2', year: '2026' }, 'Start').error).toMatch(/must be a real date/);
    expect(readDate({ day: '29', month: '2', year: '2028' }, 'Start')).toEqual({ iso: '2028-02-29' });
  });
});

describe('cookies', () => {
  it('are HttpOnly and SameSite=Strict, Secure when asked, and parse back', () => {
    const c = serializeCookie('rcc_session', 'a b;c', { secure: true, maxAgeSeconds: 60 });
    expect(c).toBe('rcc_session=a%20b%3Bc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure');
    expect(parseCookies('x=1; rcc_session=a%20b%3Bc; bad=%E0%A4%A')).toEqual({ x: '1', rcc_session: 'a b;c' });
  });
});

describe('CsrfTokens', () => {
  it('accepts only the token derived from this browser’s secret with this key', () => {
    const tokens = new CsrfTokens('k'.repeat(32));
    const secret = tokens.newSecret();
    expect(tokens.verify(secret, tokens.tokenFor(secret))).toBe(true);
    expect(tokens.verify(secret, tokens.tokenFor(tokens.newSecret()))).toBe(false);
    expect(tokens.verify(secret, new CsrfTokens('j'.repeat(32)).tokenFor(secret))).toBe(false);
    expect(tokens.verify(secret, '')).toBe(false);
    expect(tokens.verify(undefined, tokens.tokenFor(secret))).toBe(false);
    expect(tokens.verify(secret, ['array'])).toBe(false);
  });
});

describe('safeNext', () => {
  it('follows local paths only (no open redirect)', () => {
    expect(safeNext('/council/imports')).toBe('/council/imports');
    expect(safeNext('/demand-profile?x=1')).toBe('/demand-profile?x=1');
    for (const bad of [
      '//evil.example',
      'https://evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      undefined,
      42,
    ])
      expect(safeNext(bad)).toBe('/');
  });
});

describe('counted', () => {
  it('writes one in the singular and any other count in the plural, with thousands separated', () => {
    expect(counted(1, 'error')).toBe('1 error');
    expect(counted(0, 'row')).toBe('0 rows');
    expect(counted(1204, 'child', 'children')).toBe('1,204 children');
  });
});

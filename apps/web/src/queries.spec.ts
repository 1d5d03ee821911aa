import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Supergraph } from '@apollo/federation-internals';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { repoRoot } from '@rcc/platform';

/**
 * The web's GraphQL documents live in `*.queries.ts` files, one exported string per document, and each is checked
 * here against the API the gateway serves (the committed supergraph, its federation machinery removed), so a renamed
 * field or a changed argument fails this unit test rather than a page in production. Files that call the gateway
 * hold no document of their own.
 */
const WEB = join(repoRoot(), 'apps/web/src');

/**
 * Pages not yet converted to routes, views and queries: their journeys convert them. A file leaves this list when it
 * complies (the test below fails while a listed file already complies, so the list only shrinks).
 */
const NOT_YET_CONVERTED = new Set<string>();

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(f))
    .map((f) => f.split('\\').join('/'))
    .sort();

function apiSchema(): GraphQLSchema {
  const supergraph = readFileSync(join(repoRoot(), 'apps/gateway/supergraph.graphql'), 'utf8');
  return Supergraph.build(supergraph).apiSchema().toGraphQLJSSchema();
}

/** A string literal that starts a GraphQL document: `query…`, `mutation…`, or an anonymous `{ field … }`. */
const INLINE_DOCUMENT = /(['"`])\s*(?:(?:query|mutation|subscription)\b\s*[\w($@{]|\{\s*[_A-Za-z]\w*\s*[\s({}])/;

/** The inline GraphQL documents in a source file, by line. */
function inlineDocuments(source: string): string[] {
  return source
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => INLINE_DOCUMENT.test(line))
    .map(({ line, i }) => `${i + 1}: ${line.trim()}`);
}

describe('the web’s GraphQL documents', () => {
  const files = sourceFiles(WEB);
  const queryFiles = files.filter((f) => f.endsWith('.queries.ts'));
  const callers = files.filter((f) => {
    if (f.endsWith('.queries.ts')) return false;
    const text = readFileSync(join(WEB, f), 'utf8');
    return /gateway\.request\b|submitMutation\(/.test(text);
  });

  it('finds the query modules and the files that call the gateway', () => {
    expect(queryFiles.length).toBeGreaterThanOrEqual(10);
    expect(callers).toContain('modules/council/imports.controller.ts');
  });

  it('validates every exported document against the gateway’s API schema', async () => {
    const schema = apiSchema();
    const problems: string[] = [];
    let documents = 0;
    for (const file of queryFiles) {
      const exports = (await import(join(WEB, file))) as Record<string, unknown>;
      const strings = Object.entries(exports).filter(([, v]) => typeof v === 'string') as [string, string][];
      if (strings.length === 0) problems.push(`${file}: exports no document`);
      for (const [name, text] of strings) {
        documents += 1;
        try {
          for (const e of validate(schema, parse(text))) problems.push(`${file} ${name}: ${e.message}`);
        } catch (error) {
          problems.push(`${file} ${name}: ${(error as Error).message}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(documents).toBeGreaterThanOrEqual(queryFiles.length);
  });

  it('finds a broken document (the check can fail)', () => {
    const schema = apiSchema();
    expect(validate(schema, parse('{ closedPeriods }'))).toEqual([]);
    expect(validate(schema, parse('{ closedPeriodz }')).map((e) => e.message)).toEqual([
      expect.stringContaining('closedPeriodz'),
    ]);
    expect(inlineDocuments("request(s, '{ closedPeriods }', {})")).toHaveLength(1);
    expect(inlineDocuments('const Q = `mutation($input: X!) { x(input: $input) { id } }`;')).toHaveLength(1);
    expect(inlineDocuments('const T = `<p>${x}</p>`; const o = { a: 1 };')).toEqual([]);
  });

  it('keeps documents out of the files that call the gateway (but for the pages not yet converted)', () => {
    const inline = callers
      .filter((f) => !NOT_YET_CONVERTED.has(f))
      .flatMap((f) => inlineDocuments(readFileSync(join(WEB, f), 'utf8')).map((l) => `${f}:${l}`));
    expect(inline).toEqual([]);
  });

  it('lists as not yet converted only pages that still hold a document', () => {
    const done = [...NOT_YET_CONVERTED].filter(
      (f) => !files.includes(f) || inlineDocuments(readFileSync(join(WEB, f), 'utf8')).length === 0,
    );
    expect(done).toEqual([]);
  });
});

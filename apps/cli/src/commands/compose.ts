import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { repoRoot } from '@rcc/platform';

/** The subgraphs and the development URL recorded in the supergraph (the gateway's config overrides it). */
export const SUBGRAPHS = [
  { name: 'analytics', url: 'http://127.0.0.1:4401/graphql' },
  { name: 'commissioning', url: 'http://127.0.0.1:4301/graphql' },
  { name: 'council', url: 'http://127.0.0.1:4101/graphql' },
  { name: 'registry', url: 'http://127.0.0.1:4201/graphql' },
] as const;

export function subgraphSchemaPath(name: string): string {
  return join(repoRoot(), 'apps', name, 'schema.graphql');
}

export const SUPERGRAPH_PATH = (): string => join(repoRoot(), 'apps/gateway/supergraph.graphql');

/** Composes the committed subgraph schemas into the supergraph the gateway serves. */
export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map(({ name, url }) => ({ name, url, typeDefs: parse(readFileSync(subgraphSchemaPath(name), 'utf8')) })),
  );
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  return result.supergraphSdl;
}

export function composeCommand(argv: string[]): string {
  const supergraph = composeSupergraph();
  if (argv.includes('--check')) {
    if (readFileSync(SUPERGRAPH_PATH(), 'utf8') !== supergraph) {
      throw new Error('apps/gateway/supergraph.graphql is out of date: run `npm run rcc -- compose`');
    }
    return 'supergraph is up to date';
  }
  writeFileSync(SUPERGRAPH_PATH(), supergraph);
  return `wrote ${SUPERGRAPH_PATH()}`;
}

// The provider-list import page's GraphQL documents (validated by apps/web/src/queries.spec.ts).

export const IMPORT_PROVIDERS = `mutation($input: ImportProvidersInput!) { importProviders(input: $input) {
  rows new changed closed unchanged rejected outOfScope providersCreated } }`;

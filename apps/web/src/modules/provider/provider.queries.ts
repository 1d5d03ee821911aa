// The provider home page's GraphQL documents (validated by apps/web/src/queries.spec.ts).

export const PROVIDER_HOME = '{ providers { id name sector settings { urn } } }';

// The demo sign-in page's GraphQL documents (validated by apps/web/src/queries.spec.ts).

export const DEMO_PROVIDERS = '{ providers { id name } }';

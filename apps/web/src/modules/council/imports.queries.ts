// The SSDA903 import page's GraphQL documents (validated against the supergraph by apps/web/src/queries.spec.ts).

export const IMPORT_SSDA903 = `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) {
  batchId alreadyImported collectionYear years files { name table rows } children episodes records repairs
  snapshotAsAt shared snapshotTotal } }`;

export const SHARING_AGREEMENT = '{ sharingAgreement { dataset shared data use } }';

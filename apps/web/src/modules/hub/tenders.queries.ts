/** The hub's tender list: every GraphQL document it sends (validated against the supergraph by a test). */

export const HUB_TENDERS = `query HubTenders {
  tenders { id title status bidsCloseOn createdAt }
}`;

export const CREATE_TENDER = `mutation CreateTender($input: CreateTenderInput!) { createTender(input: $input) { id } }`;

/**
 * SSDA903 codes in the words a placements officer uses (the DfE's guide to the return, shortened), for echoing a
 * child back on the referral form. They stay inside the council instance: nothing here is sent to the region.
 */

export const SEX_WORDS: Readonly<Record<string, string>> = {
  '1': 'Male',
  M: 'Male',
  '2': 'Female',
  F: 'Female',
  U: 'Not known',
};

export const PLACEMENT_WORDS: Readonly<Record<string, string>> = {
  U1: 'Long-term foster care with a relative or friend',
  U2: 'Foster care with a relative or friend who is also an approved adopter',
  U3: 'Foster care with a relative or friend',
  U4: 'Long-term foster care with another foster carer',
  U5: 'Foster care with a foster carer who is also an approved adopter',
  U6: 'Foster care with another foster carer',
  A3: 'Placed for adoption with consent, with the current foster carer',
  A4: 'Placed for adoption with consent, not with the current foster carer',
  A5: 'Placed for adoption under a placement order, with the current foster carer',
  A6: 'Placed for adoption under a placement order, not with the current foster carer',
  H5: 'Semi-independent living',
  K1: 'Secure children’s home',
  K2: 'Children’s home',
  K3: 'Supported accommodation',
  P1: 'Living with parents or others with parental responsibility',
  P2: 'Independent living',
  P3: 'Residential employment',
  R1: 'Residential care home',
  R2: 'Health setting (NHS or medical care)',
  R3: 'Family centre or mother and baby unit',
  R5: 'Young offender institution or prison',
  S1: 'Residential school',
  T0: 'A temporary move',
  T1: 'Temporarily in hospital',
  T2: 'Temporarily away on holiday',
  T3: 'Temporary care while the foster carer is on holiday',
  T4: 'Temporary accommodation of 7 days or less',
  Z1: 'Another kind of placement',
  Z11: 'Another kind of placement',
  Z12: 'Another kind of placement',
  Z13: 'Another kind of placement',
  Z14: 'Another kind of placement',
};

export const LEGAL_STATUS_WORDS: Readonly<Record<string, string>> = {
  C1: 'Interim care order',
  C2: 'Full care order',
  D1: 'Freeing order',
  E1: 'Placement order',
  J1: 'Remanded to local authority or youth detention accommodation',
  J2: 'Placed under the Police and Criminal Evidence Act 1984',
  J3: 'Youth rehabilitation order with a residence or fostering requirement',
  L1: 'Police protection',
  L2: 'Emergency protection order',
  L3: 'Child assessment order',
  V2: 'Accommodated under section 20 (voluntary agreement)',
  V3: 'Short breaks (single placements)',
  V4: 'Short breaks (series of placements)',
};

/** A code in words; an unknown code says so rather than showing the code alone. */
export const inWords = (table: Readonly<Record<string, string>>, code: string): string =>
  table[code] ?? `Not recognised (${code})`;

import { COUNCIL_CODE_PATTERN } from '@rcc/contracts';

export const ROLES = ['council.analyst', 'council.placements', 'hub.commissioner', 'provider.user', 'public'] as const;
export type Role = (typeof ROLES)[number];

export const COUNCIL_ROLES: readonly Role[] = ['council.analyst', 'council.placements'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is calling: verified claims, never taken from anything but a checked token. */
export interface Principal {
  subject: string;
  roles: Role[];
  /** ONS code of the caller's council (council roles only). */
  council?: string;
  /** Registry id of the caller's provider (provider.user only). */
  provider?: string;
}

export const PUBLIC_PRINCIPAL: Principal = Object.freeze({ subject: 'anonymous', roles: ['public'] as Role[] });

export function hasCouncilRole(principal: Principal): boolean {
  return principal.roles.some((r) => COUNCIL_ROLES.includes(r));
}

/** Claims must be consistent: a council role carries a council code, a provider role a provider id. */
export function claimProblems(principal: Principal): string[] {
  const problems: string[] = [];
  if (principal.roles.length === 0) problems.push('no role');
  if (hasCouncilRole(principal) && !(principal.council && COUNCIL_CODE_PATTERN.test(principal.council)))
    problems.push('a council role needs a council claim with an ONS council code');
  if (principal.roles.includes('provider.user') && !principal.provider)
    problems.push('provider.user needs a provider claim');
  if (!hasCouncilRole(principal) && principal.council) problems.push('a council claim needs a council role');
  return problems;
}

import type { Principal } from '@rcc/auth';

/** What a caller may see in commissioning: everything (hub), its council's share, or its provider's own. */
export type Scope =
  { kind: 'hub' } | { kind: 'council'; councilCode: string } | { kind: 'provider'; providerId: string };

export function scopeOf(principal: Principal): Scope {
  if (principal.roles.includes('hub.commissioner')) return { kind: 'hub' };
  if (principal.council) return { kind: 'council', councilCode: principal.council };
  if (principal.provider) return { kind: 'provider', providerId: principal.provider };
  // The guard admits only the roles each resolver allows; reaching here means a resolver allowed too much.
  throw new Error('commissioning: no scope for this principal');
}

import { hasCouncilRole, type Principal } from '@rcc/auth';
import type { AnalyticsConfig } from './analytics.config.js';

/**
 * The one rule for council callers of the unpublished views (gaps, locality, unmet referrals, prices, utilisation,
 * forecasts): the CALLER's council must be a member of this region (RCC_REGION_COUNCILS). A valid council token for
 * any other council sees published figures only (issue 15: scoping checked the requested council, never the caller's).
 * Returns the reason to refuse, or undefined.
 */
export function nonMemberCaller(principal: Principal, config: AnalyticsConfig): string | undefined {
  if (principal.roles.includes('hub.commissioner') || !hasCouncilRole(principal)) return undefined;
  if (principal.council && config.regionCouncils.includes(principal.council)) return undefined;
  return `${principal.council ?? 'this council'} is not a member council of this region: only published figures are shared with it`;
}

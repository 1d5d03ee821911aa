import { localAuthorityByName } from '@rcc/contracts';

/**
 * The ONS code of a council named in an Ofsted / DfE list (the lists carry names only); null for a council whose
 * geography the platform does not know (it keeps its name). One home for the codes: `@rcc/contracts`.
 */
export function localAuthorityCode(name: string): string | null {
  return localAuthorityByName(name)?.newLaCode ?? null;
}

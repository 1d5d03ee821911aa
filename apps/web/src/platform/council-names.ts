import { localAuthorityByCode } from '@rcc/contracts';
import type { WebConfig } from './web.config.js';

/**
 * The one lookup from an ONS council code to the name people know it by (issue 22: names, not codes): the region's
 * own name for a member council (RCC_WEB_COUNCILS), else the DfE's published name, else the code itself, said so.
 */
export function councilName(code: string, own: readonly { code: string; name: string }[] = []): string {
  return own.find((c) => c.code === code)?.name ?? localAuthorityByCode(code)?.laName ?? `Council ${code}`;
}

/** `councilName` bound to this deployment's member councils. */
export function councilNamer(config: Pick<WebConfig, 'councils'>): (code: string) => string {
  const own = config.councils;
  return (code) => councilName(code, own);
}

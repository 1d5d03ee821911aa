import { localAuthorityByCode } from '@rcc/contracts';
import type { WebConfig } from './web.config.js';

/**
 * The one lookup from an ONS council code to the name people know it by (issue 22: names, not codes): the region's
 * own name for a member council (RCC_WEB_COUNCILS), else the DfE's published name, else the code itself, said so.
 */
export function councilNamer(config: Pick<WebConfig, 'councils'>): (code: string) => string {
  const own = new Map(config.councils.map((c) => [c.code, c.name]));
  return (code) => own.get(code) ?? localAuthorityByCode(code)?.laName ?? `Council ${code}`;
}

import { Inject, Injectable } from '@nestjs/common';
import { graphqlRequest, SERVICE_CONFIG } from '@rcc/platform';
import type { CommissioningConfig } from '../../platform/commissioning.config.js';
import { BidError } from './bids.exception.js';

/**
 * A provider bids only with its own settings (issue 15). The registry owns settings, so the question goes to it, asked
 * WITH THE BIDDER'S OWN TOKEN: the registry's `settings` answers a provider user with its own provider's settings
 * only, so the answer is scoped by the caller, not by anything the bid claims. Fails closed when the registry cannot
 * answer.
 */
@Injectable()
export class SettingOwnership {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: CommissioningConfig) {}

  async requireOwn(token: string | undefined, urns: readonly string[]): Promise<void> {
    if (!token) throw new BidError('SETTING_NOT_YOURS', 'a bid needs the bidder’s own token to check its settings');
    let own: Set<string>;
    try {
      const answer = await graphqlRequest<{ settings: { urn: string }[] }>(
        this.config.RCC_REGISTRY_URL,
        '{ settings { urn } }',
        { token, timeoutMs: 15_000 },
      );
      if (!answer.data?.settings) throw new Error(`registry answered ${answer.status}`);
      own = new Set(answer.data.settings.map((s) => s.urn));
    } catch {
      throw new BidError('REGISTRY_UNAVAILABLE', 'the registry could not confirm the settings are yours; try again');
    }
    const foreign = [...new Set(urns)].filter((urn) => !own.has(urn));
    if (foreign.length > 0) {
      throw new BidError(
        'SETTING_NOT_YOURS',
        `a bid may name only your own provider's settings; not yours: ${foreign.join(', ')}`,
        { settingUrns: foreign },
      );
    }
  }
}

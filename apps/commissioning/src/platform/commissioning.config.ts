import { IsUrl } from 'class-validator';
import { ServiceConfig, RegionCouncilsSetting } from '@rcc/platform';

export class CommissioningConfig extends ServiceConfig {
  override PORT = 4301;

  /**
   * The member councils of this region (ONS codes, comma-separated): the only councils that may take part in a
   * tender, hold a share of a block contract or place children in its beds.
   */
  @RegionCouncilsSetting()
  RCC_REGION_COUNCILS: string;

  /** The registry's GraphQL endpoint: a bid's settings are checked there with the bidder's own token. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  RCC_REGISTRY_URL = 'http://127.0.0.1:4201/graphql';

  get regionCouncils(): string[] {
    return this.RCC_REGION_COUNCILS.split(',');
  }
}

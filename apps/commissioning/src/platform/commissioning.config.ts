import { IsUrl, Matches } from 'class-validator';
import { ServiceConfig } from '@rcc/platform';

export class CommissioningConfig extends ServiceConfig {
  override PORT = 4301;

  /**
   * The member councils of this region (ONS codes, comma-separated): the only councils that may take part in a
   * tender, hold a share of a block contract or place children in its beds.
   */
  @Matches(/^E(06|08|09|10)\d{6}(,E(06|08|09|10)\d{6})*$/, {
    message: 'RCC_REGION_COUNCILS must be ONS council codes separated by commas, e.g. E10000028,E06000021',
  })
  RCC_REGION_COUNCILS: string;

  /** The registry's GraphQL endpoint: a bid's settings are checked there with the bidder's own token. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  RCC_REGISTRY_URL = 'http://127.0.0.1:4201/graphql';

  get regionCouncils(): string[] {
    return this.RCC_REGION_COUNCILS.split(',');
  }
}

import { IsString, Matches, MinLength } from 'class-validator';
import { COUNCIL_CODE_PATTERN } from '@rcc/contracts';
import { ServiceConfig } from '@rcc/platform';

export class CouncilConfig extends ServiceConfig {
  override PORT = 4101;

  /** The ONS code of the council this instance serves, e.g. E10000028 (Staffordshire). */
  @Matches(COUNCIL_CODE_PATTERN, { message: 'COUNCIL_CODE must be an ONS council code such as E10000028' })
  COUNCIL_CODE: string;

  @IsString()
  @MinLength(2)
  COUNCIL_NAME: string;

  /**
   * What this council has agreed to share with the region (its data-sharing agreement), comma-separated:
   * `need-snapshot` (aggregate counts), `referrals` (anonymised referral events), or `none`. Required: nothing is
   * shared by default. Data not consented stays in this instance; imports and referrals still work locally.
   */
  @Matches(/^(none|(need-snapshot|referrals)(,(need-snapshot|referrals))*)$/, {
    message: 'RCC_SHARING must be none, or need-snapshot and/or referrals separated by commas',
  })
  RCC_SHARING: string;

  shares(dataset: SharedDataset): boolean {
    return this.RCC_SHARING.split(',').includes(dataset);
  }
}

export type SharedDataset = 'need-snapshot' | 'referrals';

import { IsOptional, IsString, IsUrl, Matches, MinLength } from 'class-validator';
import { COUNCIL_CODE_PATTERN } from '@rcc/contracts';
import { ServiceConfig, IntSetting } from '@rcc/platform';

/**
 * The council's data-sharing agreement: each flag names what may leave this instance and the one use it is shared
 * for (docs/adr/0024-council-sharing-agreement-and-pseudonyms.md). Anything not listed stays here.
 */
export const SHARING_AGREEMENT = {
  'need-snapshot': {
    data: 'monthly counts of children looked after by placement category x age band, entries, exits and moves',
    use: 'regional planning and forecasting; published only after disclosure control',
  },
  referrals: {
    data: 'anonymised referrals (age band, sex, needs, postcode sectors) and how they ended',
    use: 'matching with providers in the regional marketplace; market-gap analysis',
  },
  placements: {
    data: 'placements made (setting, dates, weekly cost, route) with a keyed pseudonym per child',
    use: "the hub's commissioning ledger: block-bed occupancy, voids and recharges",
  },
} as const;

/** Development and test pseudonym keys start with this; production refuses them. */
export const DEV_PSEUDONYM_KEY_PREFIX = 'rcc-dev-';

export type SharedDataset = keyof typeof SHARING_AGREEMENT;
const DATASETS = Object.keys(SHARING_AGREEMENT).join('|');
const SHARING_PATTERN = new RegExp(`^(none|(${DATASETS})(,(${DATASETS}))*)$`);

export class CouncilConfig extends ServiceConfig {
  override PORT = 4101;

  /** The ONS code of the council this instance serves, e.g. E10000028 (Staffordshire). */
  @Matches(COUNCIL_CODE_PATTERN, { message: 'COUNCIL_CODE must be an ONS council code such as E10000028' })
  COUNCIL_CODE: string;

  @IsString()
  @MinLength(2)
  COUNCIL_NAME: string;

  /**
   * What this council has agreed to share with the region, comma-separated flags of SHARING_AGREEMENT
   * (`need-snapshot`, `referrals`, `placements`), or `none`. Required: nothing is shared by default. Data not
   * consented stays in this instance; imports, referrals and placements still work locally.
   */
  @Matches(SHARING_PATTERN, {
    message: `RCC_SHARING must be none, or any of ${Object.keys(SHARING_AGREEMENT).join(', ')} separated by commas`,
  })
  RCC_SHARING: string;

  /**
   * The key of this council's child pseudonyms (HMAC-SHA-256). It never leaves the instance; at least 32 characters.
   * Changing it breaks the link between pseudonyms already shared and new ones.
   */
  @IsString()
  @MinLength(32, { message: 'RCC_PSEUDONYM_KEY must be at least 32 characters (e.g. openssl rand -hex 32)' })
  RCC_PSEUDONYM_KEY: string;

  /**
   * The hub's commissioning subgraph (GraphQL URL). A block placement is accepted or refused there before this council
   * records it (docs/adr/0040); the caller's own token is sent with the question.
   */
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'RCC_COMMISSIONING_URL must be an http(s) URL' },
  )
  RCC_COMMISSIONING_URL = 'http://127.0.0.1:4301/graphql';

  /** Where streamed uploads wait for their import (private to this instance); default: a folder per council in /tmp. */
  @IsOptional()
  @IsString()
  RCC_UPLOAD_DIR?: string;

  /** Largest single file of a streamed SSDA903 upload, in bytes (413 above it; nothing is kept). */
  @IntSetting(1000, 16 * 1024 ** 3)
  RCC_MAX_UPLOAD_FILE_BYTES = 128 * 1024 ** 2;

  /** Most files in one upload. */
  @IntSetting(1, 1000)
  RCC_MAX_UPLOAD_FILES = 50;

  /** Most bytes held by all uploads not yet imported on this instance, so repeated uploads cannot fill its disk. */
  @IntSetting(1000, 64 * 1024 ** 3)
  RCC_MAX_PENDING_UPLOAD_BYTES = 1024 ** 3;

  override productionProblems(): string[] {
    return this.RCC_PSEUDONYM_KEY?.startsWith(DEV_PSEUDONYM_KEY_PREFIX)
      ? ['RCC_PSEUDONYM_KEY: a development key is refused in production']
      : [];
  }

  shares(dataset: SharedDataset): boolean {
    return this.RCC_SHARING.split(',').includes(dataset);
  }
}

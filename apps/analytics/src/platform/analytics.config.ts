import { IsString, MaxLength } from 'class-validator';
import { ServiceConfig, IntSetting, RegionCouncilsSetting } from '@rcc/platform';

export class AnalyticsConfig extends ServiceConfig {
  override PORT = 4401;

  /** Smallest non-zero count that may be published; 1..(this-1) are shown as `c`. DfE practice: 6. */
  @IntSetting(2, 100)
  RCC_DISCLOSURE_MIN_COUNT = 6;

  /**
   * The member councils of this region (ONS codes, comma-separated). A need snapshot from any other council is
   * refused (dead-lettered with the reason): the profile pools exactly the region's councils.
   */
  @RegionCouncilsSetting()
  RCC_REGION_COUNCILS: string;

  /**
   * Publish the totals of the profile's tables rounded half up to this unit (DfE: regional totals to the nearest 10;
   * a non-zero total that rounds to zero shows `k`). 0: exact totals.
   */
  @IntSetting(0, 1000)
  RCC_DISCLOSURE_ROUND_TOTALS = 0;

  /** The region's name in open data files (DfE `region_name`). */
  @IsString()
  @MaxLength(100)
  RCC_REGION_NAME = 'Regional Care Cooperative';

  get regionCouncils(): string[] {
    return this.RCC_REGION_COUNCILS.split(',');
  }
}

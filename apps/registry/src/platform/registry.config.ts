import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ServiceConfig } from '@rcc/platform';

export class RegistryConfig extends ServiceConfig {
  override PORT = 4201;

  /** A referral with no offer this long after it was opened is an unmet-need event (default 48 hours). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60 * 60 * 24 * 60)
  RCC_REFERRAL_WINDOW_SECONDS = 172_800;

  /** A vacancy declaration older than this stops counting as supply and is re-published as expired (default 7 days). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60 * 60 * 24 * 90)
  RCC_VACANCY_STALE_SECONDS = 604_800;

  /** How often the registry looks for expired referral windows and stale vacancies. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  RCC_SWEEP_INTERVAL_SECONDS = 30;

  /** `true`: only settings on a framework or DPS are sent referrals; otherwise framework members are ranked first. */
  @IsIn(['true', 'false'])
  RCC_MARKETPLACE_FRAMEWORK_ONLY: 'true' | 'false' = 'false';

  /** The member councils (ONS codes); when set, referrals from any other council are refused (dead-lettered). */
  @IsOptional()
  @Matches(/^E(06|08|09|10)\d{6}(,E(06|08|09|10)\d{6})*$/, {
    message: 'RCC_REGION_COUNCILS must be ONS council codes separated by commas, e.g. E10000028,E06000021',
  })
  RCC_REGION_COUNCILS?: string;

  get regionCouncils(): string[] | null {
    return this.RCC_REGION_COUNCILS ? this.RCC_REGION_COUNCILS.split(',') : null;
  }
}

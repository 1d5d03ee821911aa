import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@rcc/platform';

export class AnalyticsConfig extends ServiceConfig {
  override PORT = 4401;

  /** Smallest non-zero count that may be published; 1..(this-1) are shown as `c`. DfE practice: 6. */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(100)
  RCC_DISCLOSURE_MIN_COUNT = 6;
}

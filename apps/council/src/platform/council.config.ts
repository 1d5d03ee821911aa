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
}

import { ServiceConfig } from '@rcc/platform';

export class CommissioningConfig extends ServiceConfig {
  override PORT = 4301;
}

import { ServiceConfig } from '@rcc/platform';

export class RegistryConfig extends ServiceConfig {
  override PORT = 4201;
}

import type { Principal } from '@rcc/auth';

export interface GatewayContext {
  principal: Principal;
  authorization?: string;
  requestId: string;
}

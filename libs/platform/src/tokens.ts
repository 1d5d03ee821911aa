/** Injection tokens shared by the platform wiring. */
export const SERVICE_INFO = Symbol('SERVICE_INFO');
export const EVENT_BUS = Symbol('EVENT_BUS');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

export interface ServiceInfo {
  /** Service name, also the event producer prefix. */
  name: string;
  /** Council code for a council instance. */
  tenant?: string;
}

export * from './infra.js';
export * from './services.js';
export * from './region.js';
export * from './issuer.js';
export * from './secure-broker.js';
export * from './use-service.js';
export * from './data-source.js';
export * from './referrals.js';

export * from './roles.js';
export * from './issuers.js';
export * from './keys.js';
export * from './tokens.js';
export * from './dev-issuer.js';
export * from './nest/access.decorators.js';
export * from './nest/access.guard.js';

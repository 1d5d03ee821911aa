export * from './roles.js';
export * from './tokens.js';
export * from './nest/access.decorators.js';
export * from './nest/access.guard.js';

export * from './bootstrap.js';
export * from './config.js';
export * from './domain-error.js';
export * from './graphql-errors.js';
export * from './health.controller.js';
export * from './platform.module.js';
export * from './tokens.js';

export * from './infra.js';
export * from './services.js';

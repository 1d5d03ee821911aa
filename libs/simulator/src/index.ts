export * from './rates.js';
export * from './geography.js';
export * from './random.js';
export * from './children.js';
export * from './region.js';

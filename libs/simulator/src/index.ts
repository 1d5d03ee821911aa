export * from './rates.js';
export * from './geography.js';
export * from './random.js';
export * from './children.js';
export * from './region.js';
export * from './market-rates.js';
export * from './market.js';

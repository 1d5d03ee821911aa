// The commissioning service's platform layer, one import path for the features: config, money scalar, scoping,
// PostgreSQL helpers. Features depend on it; it depends on no feature.
export * from './commissioning.config.js';
export * from './pence.scalar.js';
export * from './postgres.js';
export * from './scope.js';
export * from './input-fields.js';

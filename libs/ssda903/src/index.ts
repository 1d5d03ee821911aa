export * from './codes.js';
export * from './dates.js';
export * from './parse-return.js';
export * from './snapshot.js';
export * from './tables.js';
export * from './stitch.js';
export * from './indicators.js';
export * from './xml.js';

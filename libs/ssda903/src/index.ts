export * from './codes.js';
export * from './dates.js';
export * from './rows.js';
export * from './snapshot.js';
export * from './tables.js';
export * from './returns.js';
export * from './indicators.js';
export * from './xml.js';
export * from './series.js';
export * from './stream.js';
export * from './csv.js';
export * from './stitch-sql.js';
export * from './dfe-tables.js';
export * from './extract.js';
// Test oracles: the in-memory reader and the TypeScript stitching rule (see oracle/index.ts).
export * from './oracle/index.js';

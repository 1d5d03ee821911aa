// TEST ORACLES (issue 21). The council reads SSDA903 through the streaming pass (`readSources`) and stitches in SQL
// (`stitchedEpisodesSql`); these read whole returns held in memory and stitch them in TypeScript, for tests to check
// the production path against and to read small hand-made returns. Nothing in a service may use them.
export { parseReturn, readRow, type CsvRecord, type ParsedReturn } from './parse-return.js';
export { parseReturns, stitchEpisodes, type StitchedReturns } from './stitch.js';

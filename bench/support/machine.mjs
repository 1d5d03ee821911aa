// Shared by the benchmarks: the machine a report's figures were measured on.
import { cpus, totalmem } from 'node:os';

/** The CPUs (count and model), the memory and the Node version. */
export const machine = () => ({
  cpus: cpus().length,
  model: cpus()[0]?.model,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
});

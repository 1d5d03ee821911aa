import 'reflect-metadata';
import fc from 'fast-check';

process.env.TZ = 'UTC';
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

// One seed for every property test (fast-check prints it with the counterexample when a property fails); set
// RCC_FC_SEED to replay a failure or to explore other inputs. A test that passes its own `seed` keeps it.
const FC_SEED = 20_261_206;
const seedText = process.env['RCC_FC_SEED'];
const seed = seedText === undefined || seedText === '' ? FC_SEED : Number(seedText);
if (!Number.isSafeInteger(seed)) throw new Error(`RCC_FC_SEED must be a whole number, got "${seedText}"`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });

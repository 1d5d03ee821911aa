// Every command's module is imported when that command runs, never at start: `rcc help` and a mistyped command
// load only the usage text (issue 20). reflect-metadata is loaded before any command runs (NestJS, class-validator
// and TypeORM decorators need it).
import {
  FORECAST_USAGE,
  IMPORT_903_USAGE,
  IMPORT_PROVIDERS_USAGE,
  KAFKA_ACLS_USAGE,
  KAFKA_TOPICS_USAGE,
  TOKEN_USAGE,
} from './usage.js';

const USAGE = `rcc: the RCC Exchange command line (run from the repo root as: npm run rcc -- COMMAND ...)

  start [--real]        run the whole platform embedded (PGlite + in-process bus), seeded with demo data;
                        --real: on PostgreSQL (after db-create) and Kafka (npm run kafka -- start) instead
  token ...             print a development token
                        ${TOKEN_USAGE.split('\n').join('\n                        ')}
  compose [--check]     compose apps/*/schema.graphql into apps/gateway/supergraph.graphql
  kafka-acls ...        list (or --apply) the region's broker ACLs: a principal per organisation
                        ${KAFKA_ACLS_USAGE.split('\n').join('\n                        ')}
  kafka-topics ...      create or update the region's topics (partitions, replication, min.insync.replicas, retention)
                        ${KAFKA_TOPICS_USAGE.split('\n').join('\n                        ')}
  import-903 ...        import SSDA903 returns from a folder into a council's instance
                        ${IMPORT_903_USAGE.split('\n').join('\n                        ')}
  import-providers ...  import Ofsted / DfE provider lists (CSV or xlsx) into the registry, with a summary
                        ${IMPORT_PROVIDERS_USAGE.split('\n').join('\n                        ')}
  reconcile-903 ...     a council's figures in the DfE's local-authority table layout, to compare with its publication
  forecast ...          back-test the models on a monthly series (CSV month,value) and forecast it
                        ${FORECAST_USAGE.split('\n').join('\n                        ')}
  simulate ...          a synthetic region from DfE rates: returns to files (--out) or through a gateway (--gateway)
  migrate [--app APP]   apply a service's pending database migrations under an advisory lock (the deploy step;
                        production services only verify them at start). APP defaults to RCC_APP
  dev-keys [--out DIR]  the development issuer's and organisations' event keys, and the env files docker-compose.yml
                        reads (DIR/env/*.env; default .rcc/keys, shared with start and token)
  db-create [--reset]   create the real-mode PostgreSQL databases (RCC_PG_ADMIN_URL, default postgres@127.0.0.1:5432)
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== undefined && command !== 'help' && command !== '--help') await import('reflect-metadata');
  switch (command) {
    case 'start':
      return (await import('./commands/start.js')).startCommand(rest);
    case 'token':
      console.log(await (await import('./commands/token.js')).tokenCommand(rest));
      return;
    case 'kafka-acls':
      for (const line of await (await import('./commands/kafka-acls.js')).kafkaAclsCommand(rest)) console.log(line);
      return;
    case 'kafka-topics':
      for (const line of await (await import('./commands/kafka-topics.js')).kafkaTopicsCommand(rest)) console.log(line);
      return;
    case 'compose':
      console.log((await import('./commands/compose.js')).composeCommand(rest));
      return;
    case 'import-903':
      process.exitCode = await (await import('./commands/import-903.js')).import903Command(rest);
      return;
    case 'import-providers':
      process.exitCode = await (await import('./commands/import-providers.js')).importProvidersCommand(rest);
      return;
    case 'reconcile-903':
      process.exitCode = await (await import('./commands/reconcile-903.js')).reconcile903Command(rest);
      return;
    case 'forecast':
      process.exitCode = (await import('./commands/forecast.js')).forecastCommand(rest);
      return;
    case 'simulate':
      process.exitCode = await (await import('./commands/simulate.js')).simulateCommand(rest);
      return;
    case 'migrate': {
      const { migrateCommand } = await import('./commands/migrate.js');
      console.log(await migrateCommand(rest));
      return;
    }
    case 'db-create':
      console.log(await (await import('./commands/db-create.js')).dbCreateCommand(rest));
      return;
    case 'dev-keys':
      for (const file of (await import('./commands/write-dev-keys.js')).devKeysCommand(rest)) console.log(file);
      return;
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      throw new Error(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`rcc: ${error.message}`);
  process.exit(1);
});

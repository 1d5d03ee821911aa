import 'reflect-metadata';
import { composeCommand } from './commands/compose.js';
import { dbCreateCommand } from './commands/db-create.js';
import { FORECAST_USAGE, forecastCommand } from './commands/forecast.js';
import { IMPORT_903_USAGE, import903Command } from './commands/import-903.js';
import { IMPORT_PROVIDERS_USAGE, importProvidersCommand } from './commands/import-providers.js';
import { startCommand } from './commands/start.js';
import { KAFKA_ACLS_USAGE, kafkaAclsCommand } from './commands/kafka-acls.js';
import { TOKEN_USAGE, tokenCommand } from './commands/token.js';

const USAGE = `rcc: the RCC Exchange command line (run from the repo root as: npm run rcc -- COMMAND ...)

  start [--real]        run the whole platform embedded (PGlite + in-process bus), seeded with demo data;
                        --real: on PostgreSQL (after db-create) and Kafka (npm run kafka -- start) instead
  token ...             print a development token
                        ${TOKEN_USAGE.split('\n').join('\n                        ')}
  compose [--check]     compose apps/*/schema.graphql into apps/gateway/supergraph.graphql
  kafka-acls ...        list (or --apply) the region's broker ACLs: a principal per organisation
                        ${KAFKA_ACLS_USAGE.split('\n').join('\n                        ')}
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
  switch (command) {
    case 'start':
      return startCommand(rest);
    case 'token':
      console.log(await tokenCommand(rest));
      return;
    case 'kafka-acls':
      for (const line of await kafkaAclsCommand(rest)) console.log(line);
      break;
    case 'compose':
      console.log(composeCommand(rest));
      return;
    case 'import-903':
      process.exitCode = await import903Command(rest);
      return;
    case 'import-providers':
      process.exitCode = await importProvidersCommand(rest);
      return;
    case 'reconcile-903':
      process.exitCode = await (await import('./commands/reconcile-903.js')).reconcile903Command(rest);
      return;
    case 'forecast':
      process.exitCode = forecastCommand(rest);
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
      console.log(await dbCreateCommand(rest));
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

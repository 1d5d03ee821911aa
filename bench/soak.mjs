// Soak: the simulated region (libs/simulator) of N councils in real mode, on a PostgreSQL server and a Kafka broker
// of its own (started here on spare ports, stopped at the end), through `rcc start --real`: every service, each
// council importing its five simulated returns through the gateway, the hub publishing the profile.
// Prints the time to boot, to import each council, to publish, and the launcher's peak memory (every service runs in
// that one process in `start`), and the errors seen.
//   npm run bench:soak -- [COUNCILS]      (default 15; SOAK_PG_PORT, SOAK_KAFKA_PORT)
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const root = join(import.meta.dirname, '..');
const councils = Number(process.argv[2] ?? 15);
const pgPort = Number(process.env.SOAK_PG_PORT ?? 55433);
const kafkaPort = Number(process.env.SOAK_KAFKA_PORT ?? 19592);
const kafkaEnv = {
  ...process.env,
  KAFKA_PORT: String(kafkaPort),
  KAFKA_CONTROLLER_PORT: String(kafkaPort + 1),
  KAFKA_DATA_DIR: join(tmpdir(), `rcc-soak-kafka-${kafkaPort}`),
};
const env = {
  ...process.env,
  RCC_DEMO_COUNCILS: String(councils),
  RCC_PG_ADMIN_URL: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
  RCC_PG_URL: `postgres://rcc@127.0.0.1:${pgPort}`,
  KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
};
const node = (args, options) =>
  spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', '--import', './infra/runtime/register.mjs', ...args],
    {
      cwd: root,
      ...options,
    },
  );

const { startPostgres } = await import(join(root, 'libs/testing/src/local-infra.ts'));
const postgres = await startPostgres(pgPort);
let launcher;
try {
  execFileSync('bash', ['infra/kafka/kafka.sh', 'start'], { cwd: root, env: kafkaEnv, stdio: 'inherit' });
  execFileSync(
    process.execPath,
    ['--import', './infra/runtime/register.mjs', 'dist/apps/cli/src/main.js', 'db-create'],
    {
      cwd: root,
      env,
    },
  );
  const t0 = Date.now();
  const marks = [];
  launcher = node(['dist/apps/cli/src/main.js', 'start', '--real'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  launcher.stderr.on('data', (d) => (errors += d));
  await new Promise((resolve, reject) => {
    let buffer = '';
    launcher.stdout.on('data', (d) => {
      buffer += d;
      for (const line of buffer.split('\n').slice(0, -1)) {
        if (/imported|published|Registry:|Simulated region/.test(line)) {
          marks.push(`${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s ${line.trim()}`);
          console.log(marks.at(-1));
        }
        if (line.includes('RCC Exchange is running')) resolve();
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
    launcher.once('exit', (code) => reject(new Error(`the launcher exited (${code}):\n${errors}`)));
  });
  const ready = (Date.now() - t0) / 1000;
  const status = readFileSync(`/proc/${launcher.pid}/status`, 'utf8');
  const peak = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  console.log(
    `\n${councils} councils: ready in ${ready.toFixed(0)} s; launcher peak RSS ${peak.toFixed(0)} MB; stderr lines: ${errors.split('\n').filter(Boolean).length}`,
  );
  if (errors) console.log(errors.slice(0, 4000));
} finally {
  if (launcher && launcher.exitCode === null) {
    launcher.kill('SIGINT');
    await new Promise((resolve) => launcher.once('exit', resolve));
  }
  execFileSync('bash', ['infra/kafka/kafka.sh', 'reset'], { cwd: root, env: kafkaEnv, stdio: 'inherit' });
  await postgres.stop();
}

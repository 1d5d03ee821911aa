#!/usr/bin/env -S node --enable-source-maps --disable-warning=TimeoutNegativeWarning
// The `rcc` command (package.json "bin" and `npm run rcc`): runs the CLI from dist/, compiling first only when a
// source file (or a tsconfig, or the lockfile) is newer than the last build, so a command after a build starts at
// once (issue 20). It registers the @rcc/* alias hooks itself (as infra/runtime/register.mjs does) before the CLI loads.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const stamp = join(root, 'dist', '.rcc-build-stamp');
const main = join(root, 'dist', 'apps', 'cli', 'src', 'main.js');

/** The newest modification time of the compiler's inputs: every .ts under apps/ and libs/, the tsconfigs, the lockfile. */
function newestInput() {
  let newest = 0;
  for (const file of ['tsconfig.base.json', 'tsconfig.build.json', 'package-lock.json']) {
    newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  }
  for (const top of ['apps', 'libs']) {
    for (const entry of readdirSync(join(root, top), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) {
        newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
      }
    }
  }
  return newest;
}

if (!existsSync(main) || !existsSync(stamp) || statSync(stamp).mtimeMs < newestInput()) {
  const started = Date.now();
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
  // The stamp's time is when the compile began: a file saved during it is newer, and the next call compiles again.
  const seconds = started / 1000;
  utimesSync(stamp, seconds, seconds);
}
register('./alias-hooks.mjs', import.meta.url);
await import(pathToFileURL(main).href);

// After `npm install`: drop optional platform bindings this registry mirror does not carry, so `npm ci` accepts the
// lockfile (docs/adr/0010). Run: node infra/tools/fix-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
let dropped = 0;
for (const [name, entry] of Object.entries(lock.packages)) {
  for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
    if (!lock.packages[`node_modules/${dep}`] && !lock.packages[`${name}/node_modules/${dep}`]) {
      delete entry.optionalDependencies[dep];
      dropped += 1;
    }
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`dropped ${dropped} optional dependencies absent from the lockfile`);

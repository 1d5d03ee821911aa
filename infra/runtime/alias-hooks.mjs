import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

/** @rcc/<lib> -> dist/libs/<lib>/src/index.js */
export async function resolve(specifier, context, next) {
  const match = /^@rcc\/([a-z0-9-]+)$/.exec(specifier);
  if (match) {
    const target = `${dist}libs/${match[1]}/src/index.js`;
    if (!existsSync(target)) {
      throw new Error(`@rcc/${match[1]} is not built: ${target} is missing (run npm run build)`);
    }
    return next(pathToFileURL(target).href, context);
  }
  return next(specifier, context);
}

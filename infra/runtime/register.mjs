// Resolves the workspace aliases (@rcc/<lib>) for the compiled output in dist/, the runtime twin of the
// "paths" in tsconfig.base.json. Loaded with `node --import ./infra/runtime/register.mjs dist/...`.
import { register } from 'node:module';

register('./alias-hooks.mjs', import.meta.url);

import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { CONTROLLERS } from '../modules/index.js';

/** Every GET route of the web app ("/hub/tenders/:id"), read from its controllers as Nest routes them. */
export function getRoutes(
  controllers: readonly (abstract new (...args: never[]) => unknown)[] = CONTROLLERS,
): string[] {
  const paths = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [String(value ?? '')]);
  const join = (...parts: string[]) =>
    '/' +
    parts
      .flatMap((p) => p.split('/'))
      .filter(Boolean)
      .join('/');
  const routes: string[] = [];
  for (const controller of controllers) {
    const prefixes = paths(Reflect.getMetadata(PATH_METADATA, controller));
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.GET)
        continue;
      for (const path of paths(Reflect.getMetadata(PATH_METADATA, handler)))
        routes.push(...prefixes.map((prefix) => join(prefix, path)));
    }
  }
  return [...new Set(routes)].sort();
}

/** True when the path ("/hub/tenders/3f…") is one the route ("/hub/tenders/:id") answers. */
export function routeMatches(route: string, path: string): boolean {
  const pattern = route
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}$`).test(path);
}

/** The routes none of the paths visited reaches. */
export function routesNotVisited(routes: readonly string[], visited: Iterable<string>): string[] {
  const seen = [...visited];
  return routes.filter((route) => !seen.some((path) => routeMatches(route, path)));
}

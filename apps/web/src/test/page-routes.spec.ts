import { describe, expect, it } from '@jest/globals';
import { getRoutes, routeMatches, routesNotVisited } from './page-routes.js';

describe("the web app's GET routes", () => {
  it('are read from the controllers, with their prefixes, parameters and alternative paths', () => {
    const routes = getRoutes();
    for (const r of ['/', '/health/live', '/health/ready', '/hub/tenders/:id', '/provider/referrals/:id', '/sign-in'])
      expect(routes).toContain(r);
    // Forms' posts are not pages.
    expect(routes).not.toContain('/hub/tenders/:id/transition');
  });

  it('match the paths a browser visits, one segment per parameter', () => {
    expect(routeMatches('/hub/tenders/:id', '/hub/tenders/3f2b8c1e-0a4d-4f7e-9c3b-2d1e0f9a8b7c')).toBe(true);
    expect(routeMatches('/hub/tenders/:id', '/hub/tenders/a/lots')).toBe(false);
    expect(routeMatches('/hub/contracts/statement.csv', '/hub/contracts/statementxcsv')).toBe(false);
    expect(routesNotVisited(['/', '/hub/tenders', '/hub/tenders/:id'], ['/', '/hub/tenders/abc'])).toEqual([
      '/hub/tenders',
    ]);
  });
});

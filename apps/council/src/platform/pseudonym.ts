import { createHmac } from 'node:crypto';

/**
 * A child's pseudonym for the region: HMAC-SHA-256 over the council code and the child's id, under a key that never
 * leaves this instance. The hub can count distinct children and moves with it; without the key nobody can test a
 * guessed child id against it, and the same child has unrelated pseudonyms in two councils.
 */
export function childPseudonym(key: string, councilCode: string, childId: string): string {
  return createHmac('sha256', key).update(`${councilCode}\u0000${childId}`, 'utf8').digest('hex');
}

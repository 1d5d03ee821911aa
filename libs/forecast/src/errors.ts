export type ForecastErrorCode = 'horizon' | 'series' | 'transitions' | 'scenario' | 'prices';

/** A request the engine cannot answer, with a code the callers map (CLI message, GraphQL user error). */
export class ForecastError extends Error {
  constructor(
    readonly code: ForecastErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ForecastError';
  }
}

export const MAX_HORIZON = 36;

export function checkHorizon(horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON)
    throw new ForecastError(
      'horizon',
      `horizon must be a whole number of months from 1 to ${MAX_HORIZON}, got ${horizon}`,
    );
}

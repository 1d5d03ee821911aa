import type { Errors } from '../../platform/components.js';
import { AGE_BAND_NAMES } from '../demand-profile/demand-profile.query.js';

/** The scenario controls as submitted (a GET form: every value is a query-string string). */
export interface ForecastFormValues {
  horizon: string;
  council: string;
  ageBand: string;
  arrivalsScale: string;
  exitsScale: string;
}

/** What the API's ForecastScenarioInput takes (only the parts the form sets). */
export interface ScenarioInput {
  name: string;
  entries?: { states?: string[]; scale: number }[];
  exits?: { scale: number }[];
}

export interface ForecastRequest {
  horizon: number;
  scenario: ScenarioInput | null;
}

const SCALE = /^\d{1,3}(\.\d{1,3})?$/;

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : Array.isArray(v) ? String(v[0] ?? '').trim() : '');

export function readForecastForm(query: Record<string, unknown>): ForecastFormValues {
  return {
    horizon: text(query['horizon']),
    council: text(query['council']),
    ageBand: text(query['ageBand']),
    arrivalsScale: text(query['arrivalsScale']),
    exitsScale: text(query['exitsScale']),
  };
}

function scale(value: string, id: string, what: string, errors: Errors): number | undefined {
  if (value === '') return undefined;
  const n = Number(value);
  if (!SCALE.test(value) || n > 100) {
    errors[id] = { href: id, text: `${what} must be a number from 0 to 100, for example 2 or 0.8` };
    return undefined;
  }
  return n;
}

/**
 * Checks the scenario controls and maps them onto the forecasts query: the horizon (1 to 36 months, default 12), and
 * a scenario of arrivals (entries) of one age band, or of every age, multiplied by N, and exits multiplied by M.
 */
export function validateForecastForm(v: ForecastFormValues): { errors: Errors; request?: ForecastRequest } {
  const errors: Errors = {};
  let horizon = 12;
  if (v.horizon !== '') {
    if (!/^\d{1,2}$/.test(v.horizon) || Number(v.horizon) < 1 || Number(v.horizon) > 36)
      errors['horizon'] = { href: 'horizon', text: 'Months ahead must be a whole number from 1 to 36' };
    else horizon = Number(v.horizon);
  }
  if (v.ageBand !== '' && !(v.ageBand in AGE_BAND_NAMES))
    errors['ageBand'] = { href: 'ageBand', text: 'Select an age band from the list' };
  const arrivals = scale(v.arrivalsScale, 'arrivalsScale', 'Arrivals multiplier', errors);
  const exits = scale(v.exitsScale, 'exitsScale', 'Exits multiplier', errors);
  if (v.ageBand !== '' && arrivals === undefined && !errors['arrivalsScale'])
    errors['arrivalsScale'] = { href: 'arrivalsScale', text: 'Enter the arrivals multiplier for the age band chosen' };
  if (Object.keys(errors).length) return { errors };
  if (arrivals === undefined && exits === undefined) return { errors, request: { horizon, scenario: null } };
  const who = v.ageBand ? `children aged ${AGE_BAND_NAMES[v.ageBand]!.toLowerCase()}` : 'children of every age';
  const parts = [
    arrivals === undefined ? '' : `arrivals of ${who} x ${arrivals}`,
    exits === undefined ? '' : `exits x ${exits}`,
  ].filter(Boolean);
  const scenario: ScenarioInput = { name: parts.join(', ').replace(/^./, (c) => c.toUpperCase()) };
  if (arrivals !== undefined)
    scenario.entries = [{ ...(v.ageBand ? { states: [`*/${v.ageBand}`] } : {}), scale: arrivals }];
  if (exits !== undefined) scenario.exits = [{ scale: exits }];
  return { errors, request: { horizon, scenario } };
}

import { describe, expect, it } from '@jest/globals';
import { readForecastForm, validateForecastForm } from './forecast-form.js';

const form = (q: Record<string, string>) => validateForecastForm(readForecastForm(q));

describe('forecast scenario form', () => {
  it('defaults to 12 months and no scenario', () => {
    expect(form({})).toEqual({ errors: {}, request: { horizon: 12, scenario: null } });
  });

  it('maps arrivals of one age band and exits onto ForecastScenarioInput', () => {
    expect(form({ horizon: '24', ageBand: '16-plus', arrivalsScale: '2', exitsScale: '0.8' }).request).toEqual({
      horizon: 24,
      scenario: {
        name: 'Arrivals of children aged 16 and over x 2, exits x 0.8',
        entries: [{ states: ['*/16-plus'], scale: 2 }],
        exits: [{ scale: 0.8 }],
      },
    });
    expect(form({ arrivalsScale: '1.5' }).request!.scenario!.entries).toEqual([{ scale: 1.5 }]);
  });

  it('names every bad field and builds no request', () => {
    const { errors, request } = form({ horizon: '37', ageBand: 'teen', arrivalsScale: '-1', exitsScale: '101' });
    expect(request).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['ageBand', 'arrivalsScale', 'exitsScale', 'horizon']);
    expect(errors['horizon']!.text).toBe('Months ahead must be a whole number from 1 to 36');
    expect(form({ horizon: '0' }).errors['horizon']).toBeDefined();
    expect(form({ ageBand: '10-15' }).errors['arrivalsScale']!.text).toBe(
      'Enter the arrivals multiplier for the age band chosen',
    );
  });
});

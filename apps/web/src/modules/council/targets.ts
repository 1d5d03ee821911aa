/** Strategy targets for the council indicators, from configuration: `indicator>=85,indicator<=10,indicator=0`. */
export interface Target {
  indicator: string;
  text: string;
  met(actual: number): boolean;
}

const INDICATORS: Record<string, { unit: '%' | '' }> = {
  samePlacementTwoYears: { unit: '%' },
  threeOrMorePlacements: { unit: '%' },
  under16Unregulated: { unit: '' },
  residentialWhenFosteringPreferred: { unit: '%' },
};

export function parseTargets(spec: string): Target[] {
  if (!spec) return [];
  return spec.split(',').map((part) => {
    const m = /^(\w+)(>=|<=|=)(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new Error(`bad target "${part}"`);
    const [, indicator, op, raw] = m as unknown as [string, string, '>=' | '<=' | '=', string];
    const known = INDICATORS[indicator];
    if (!known) throw new Error(`unknown indicator "${indicator}" in targets`);
    const value = Number(raw);
    const shown = `${value}${known.unit}`;
    const text =
      op === '>=' ? `At least ${shown}` : op === '<=' ? `At most ${shown}` : value === 0 ? 'None' : `Exactly ${shown}`;
    const met = (a: number) => (op === '>=' ? a >= value : op === '<=' ? a <= value : a === value);
    return { indicator, text, met };
  });
}

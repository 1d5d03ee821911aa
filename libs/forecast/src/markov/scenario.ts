// Scenarios: changes to entry, exit and transition rates, checked against the states and applied to one draw.
import { ForecastError } from '../errors.js';

/** Scale and/or add to rates of the states matched (`fostering/16-plus`, `fostering/*`, `* /16-plus`, or all). */
export interface RateChange {
  states?: string[];
  /** Multiply the rate (entries: children per month; exits and transitions: monthly probability). */
  scale?: number;
  /** Add to it: entries in children per month (spread over the matched states by their share); probabilities otherwise. */
  add?: number;
}

export interface Scenario {
  name?: string;
  entries?: RateChange[];
  exits?: RateChange[];
  transitions?: RateChange[];
}

function matches(patterns: string[] | undefined, state: string): boolean {
  if (!patterns || patterns.length === 0) return true;
  const [cat, age] = state.split('/');
  return patterns.some((p) => {
    const [pc, pa] = p.split('/');
    return (pc === '*' || pc === cat) && (pa === undefined || pa === '*' || pa === age);
  });
}

export function checkScenario(scenario: Scenario, states: readonly string[]): void {
  for (const [kind, changes] of Object.entries({
    entries: scenario.entries,
    exits: scenario.exits,
    transitions: scenario.transitions,
  })) {
    for (const c of changes ?? []) {
      if (c.scale !== undefined && !(Number.isFinite(c.scale) && c.scale >= 0 && c.scale <= 100))
        throw new ForecastError('scenario', `${kind}: scale must be a number from 0 to 100`);
      if (c.add !== undefined && !Number.isFinite(c.add))
        throw new ForecastError('scenario', `${kind}: add must be a number`);
      if (kind !== 'entries' && c.add !== undefined && Math.abs(c.add) > 1)
        throw new ForecastError('scenario', `${kind}: add is a monthly probability, from -1 to 1`);
      for (const p of c.states ?? [])
        if (!states.slice(1).some((s) => matches([p], s)))
          throw new ForecastError('scenario', `${kind}: "${p}" matches no state`);
    }
  }
}

export function applyScenario(
  states: readonly string[],
  entry: number[],
  rows: { to: number[]; p: number[] }[],
  sc: Scenario,
): void {
  for (const c of sc.entries ?? []) {
    const hit = states.map((s, i) => i > 0 && matches(c.states, s));
    const n = hit.filter(Boolean).length;
    const base = entry.reduce((sum, e, i) => sum + (hit[i] ? e : 0), 0);
    for (let i = 1; i < states.length; i++) {
      if (!hit[i]) continue;
      const share = base > 0 ? entry[i]! / base : 1 / n;
      entry[i] = Math.max(0, entry[i]! * (c.scale ?? 1) + (c.add ?? 0) * share);
    }
  }
  for (let s = 1; s < states.length; s++) {
    const r = rows[s]!;
    const idx = (t: number) => r.to.indexOf(t);
    for (const c of sc.exits ?? []) {
      if (!matches(c.states, states[s]!)) continue;
      let k = idx(0);
      if (k < 0) {
        r.to.push(0);
        r.p.push(0);
        k = r.to.length - 1;
      }
      const old = r.p[k]!;
      const next = Math.min(1, Math.max(0, old * (c.scale ?? 1) + (c.add ?? 0)));
      const rest = 1 - old;
      r.p = r.p.map((p, j) => (j === k ? next : rest > 0 ? (p * (1 - next)) / rest : 0));
      if (rest <= 0 && next < 1) {
        // Everyone used to leave: those who now stay, stay where they are.
        let st = idx(s);
        if (st < 0) {
          r.to.push(s);
          r.p.push(0);
          st = r.to.length - 1;
        }
        r.p[st] = 1 - next;
      }
    }
    for (const c of sc.transitions ?? []) {
      if (!matches(c.states, states[s]!)) continue;
      let st = idx(s);
      if (st < 0) {
        r.to.push(s);
        r.p.push(0);
        st = r.to.length - 1;
      }
      const moveIdx = r.to.map((t, j) => (t !== 0 && t !== s ? j : -1)).filter((j) => j >= 0);
      const moving = moveIdx.reduce((a, j) => a + r.p[j]!, 0);
      const available = r.p[st]! + moving;
      const target = Math.min(available, Math.max(0, moving * (c.scale ?? 1) + (c.add ?? 0)));
      for (const j of moveIdx) r.p[j] = moving > 0 ? (r.p[j]! * target) / moving : target / moveIdx.length;
      r.p[st] = available - target;
    }
  }
}

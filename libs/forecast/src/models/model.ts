import type { Rng } from '../random.js';

export type ModelName =
  | 'naive'
  | 'seasonal-naive'
  | 'straight-line'
  | 'least-squares-line'
  | 'mean-12'
  | 'theta'
  | 'ets-damped'
  | 'holt-winters'
  | 'combination-median'
  | 'combination-mean'
  | 'markov'
  | 'markov-pooled';

/** A model fitted to a training window: point forecasts and simulated future paths. */
export interface FittedModel {
  /** Point forecasts for steps 1..h. */
  point(h: number): number[];
  /**
   * `n` simulated futures for steps 1..h, each drawing the model's parameters from their estimated uncertainty
   * before drawing the process noise, so intervals taken from them include parameter uncertainty.
   */
  paths(h: number, n: number, rng: Rng): number[][];
  /**
   * Optional closed form of the same predictive distribution: its mean and standard deviation for steps 1..h,
   * parameter uncertainty included. When a model has it the back-test takes its intervals from the normal quantiles
   * instead of simulating paths at every origin (ADR 0027); published forecasts still simulate.
   */
  moments?(h: number): { mean: number[]; sd: number[] };
}

export interface Model {
  name: ModelName;
  /** For people: what it is, in a phrase. */
  label: string;
  /** How many observations the model needs to be fitted at all. */
  minTrain: number;
  /** `train` is the series up to the origin; `start` the index of the calendar month of train[0] (0 = January). */
  fit(train: readonly number[], start: number, rng: Rng): FittedModel;
}

// What every page needs to know: the current city, its units, the measure catalogue, and how to open an explanation.
import { createContext, useContext } from 'react';
import type { City, Explained, Measure, Unit } from './api.js';

/** A stored value a number on screen stands for; the explanation drawer asks /explain about it. */
export interface ExplainTarget {
  readonly unit: string;
  readonly measure: string;
  readonly dimension: string;
  readonly period: string;
}

/** A computed value that carries its own explanation (market routes): shown by the drawer as it is, no lookup. */
export interface ExplainedTarget {
  readonly explained: Explained;
  /** The drawer's title: what the number is (unit · indicator · period). */
  readonly title: string;
}

export interface AppData {
  readonly city: City;
  readonly units: readonly Unit[];
  readonly measures: readonly Measure[];
  readonly unitByCode: ReadonlyMap<string, Unit>;
  readonly measureByCode: ReadonlyMap<string, Measure>;
  /** Chinese or English label of a unit-of-measure code (the code itself when unknown). */
  readonly uomLabel: (uom: string) => string;
  /** Unit name in the current language. */
  readonly unitName: (code: string) => string;
  /** Measure name in the current language. */
  readonly measureName: (code: string) => string;
  /** Breakdown (dimension) name in the current language; '' is the total. */
  readonly dimensionName: (code: string) => string;
  readonly explain: (target: ExplainTarget) => void;
  /** Opens the drawer on a value that carries its explanation. */
  readonly explainValue: (target: ExplainedTarget) => void;
  /** Moves to a page of the current city. */
  readonly go: (page: 'overview' | 'unit' | 'import' | 'revisions' | 'profiles', arg?: string) => void;
}

export const AppContext = createContext<AppData | undefined>(undefined);

/** The shell's data; pages render only once the city, units and measures are loaded. */
export function useApp(): AppData {
  const v = useContext(AppContext);
  if (v === undefined) throw new Error('useApp outside the dashboard shell');
  return v;
}

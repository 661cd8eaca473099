// hot path; bench: bench/metrics (inc and observe, unbound)
// Finds the series for a set of label values. Values are looked up in nested Maps, one level
// per label name, so no key string is built per call and two different label sets can never
// share a series (joining values into one key string lets {a:"x",b:"y"} and {a:"x,b:y"} collide).

import { labelText } from "./internal/format.ts";

/** What every series has: its label values and their escaped exposition text. */
export interface SeriesBase {
  /** `a="x",b="y"`, escaped once when the series is created. */
  readonly labels: string;
  readonly values: readonly string[];
}

/** Label values by name: strings, or numbers and booleans (written as text). */
export type LabelValues<L extends string> = { readonly [K in L]: string | number | boolean };

export interface SeriesIndexOptions<S extends SeriesBase> {
  metric: string;
  labelNames: readonly string[];
  maxSeries: number;
  create(labels: string, values: readonly string[]): S;
  /** Called once per label set that did not fit under maxSeries. */
  onOverflow(): void;
  /** Called with a description of a label mistake; the update goes to a discarded series. */
  onInvalid(problem: string): void;
}

type Node = Map<string, unknown>;

/** A label value as text; anything else maps to a key no Map holds, sending the caller to #create. */
function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  return typeof value === "number" || typeof value === "boolean" ? String(value) : (INVALID as string);
}

// A unique object used as a Map key that is never stored: lookups with it always miss.
const INVALID: unknown = Symbol("sightline.invalidLabel");

export const OVERFLOW_LABELS = 'overflow="true"';

export class SeriesIndex<S extends SeriesBase> {
  readonly #options: SeriesIndexOptions<S>;
  readonly #names: readonly string[];
  #root: Node = new Map();
  #series = new Set<S>();
  #single: S | undefined;
  #overflow: S | undefined;

  constructor(options: SeriesIndexOptions<S>) {
    this.#options = options;
    this.#names = options.labelNames;
  }

  /** The series for `labels`, created on first use. Never throws. */
  get(labels: object | undefined): S {
    const names = this.#names;
    if (names.length === 0) return (this.#single ??= this.#add([]));
    if (labels === undefined || labels === null || typeof labels !== "object") return this.#invalid(labels);
    let node: unknown = this.#root;
    for (let i = 0; i < names.length; i++) {
      const next = (node as Node).get(textOf((labels as Record<string, unknown>)[names[i] as string]));
      if (next === undefined) return this.#create(labels as Record<string, unknown>);
      node = next;
    }
    return node as S;
  }

  /** Every live series, in creation order (the overflow series last). */
  *all(): IterableIterator<S> {
    // a metric without labels shows its zero value before the first update
    if (this.#names.length === 0) this.#single ??= this.#add([]);
    yield* this.#series;
    if (this.#overflow !== undefined) yield this.#overflow;
  }

  get size(): number {
    return this.#series.size;
  }

  /** Forgets the series for `labels`; true when there was one. */
  remove(labels: object): boolean {
    const values = this.#values(labels as Record<string, unknown>);
    if (values === undefined) return false;
    const path: Node[] = [this.#root];
    let node: unknown = this.#root;
    for (const value of values) {
      node = (node as Node).get(value);
      if (node === undefined) return false;
      path.push(node as Node);
    }
    this.#series.delete(node as S);
    // prune the now empty branches
    for (let depth = values.length - 1; depth >= 0; depth--) {
      const parent = path[depth] as Node;
      parent.delete(values[depth] as string);
      if (parent.size > 0) break;
    }
    return true;
  }

  /** Forgets every series (a metric without labels gets a fresh zero series). */
  clear(): void {
    this.#root = new Map();
    this.#series = new Set();
    this.#overflow = undefined;
    this.#single = undefined;
  }

  #values(labels: Record<string, unknown>): string[] | undefined {
    if (labels === null || typeof labels !== "object") return undefined;
    const values: string[] = [];
    for (const name of this.#names) {
      const value = labels[name];
      if (typeof value === "string") values.push(value);
      else if (typeof value === "number" || typeof value === "boolean") values.push(String(value));
      else return undefined;
    }
    return values;
  }

  #create(labels: Record<string, unknown>): S {
    const values = this.#values(labels);
    if (values === undefined) return this.#invalid(labels);
    for (const key of Object.keys(labels)) {
      if (!this.#names.includes(key)) return this.#invalid(labels);
    }
    if (this.#series.size >= this.#options.maxSeries) {
      this.#options.onOverflow();
      this.#overflow ??= this.#options.create(OVERFLOW_LABELS, []);
      return this.#overflow;
    }
    let node = this.#root;
    for (let i = 0; i < values.length - 1; i++) {
      let next = node.get(values[i] as string) as Node | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(values[i] as string, next);
      }
      node = next;
    }
    const series = this.#add(values);
    node.set(values[values.length - 1] as string, series);
    return series;
  }

  #add(values: readonly string[]): S {
    const series = this.#options.create(labelText(this.#names, values), values);
    this.#series.add(series);
    return series;
  }

  #invalid(labels: unknown): S {
    const given =
      labels !== null && typeof labels === "object" ? Object.keys(labels).join(", ") || "none" : typeof labels;
    this.#options.onInvalid(`expected labels ${this.#names.join(", ")}; got ${given}`);
    return this.#options.create("", []);
  }
}

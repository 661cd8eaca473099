// Exemplars: the labels of one observation (usually its trace), shown in OpenMetrics.

import { formatNumber, labelText } from "./format.ts";

/** The latest exemplar of a series or bucket: its labels (as text), value and time. */
export interface StoredExemplar {
  readonly labels: string;
  readonly value: number;
  readonly timestamp: number;
}

/** OpenMetrics: an exemplar's label names and values together hold at most 128 characters. */
export const MAX_EXEMPLAR_CHARS = 128;

/** The exemplar's size in characters (code points), as OpenMetrics counts it. */
export function exemplarSize(exemplar: Readonly<Record<string, string>>): number {
  let size = 0;
  for (const name of Object.keys(exemplar)) size += [...name].length + [...String(exemplar[name])].length;
  return size;
}

export function storeExemplar(exemplar: Readonly<Record<string, string>>, value: number): StoredExemplar {
  const names = Object.keys(exemplar);
  return {
    labels: labelText(
      names,
      names.map((name) => String(exemplar[name])),
    ),
    value,
    timestamp: Date.now() / 1000,
  };
}

export function exemplarText(exemplar: StoredExemplar | undefined): string {
  return exemplar === undefined
    ? ""
    : ` # {${exemplar.labels}} ${formatNumber(exemplar.value)} ${exemplar.timestamp.toFixed(3)}`;
}

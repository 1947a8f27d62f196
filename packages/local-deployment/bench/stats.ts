/** Percentiles, the result rows every benchmark returns, and the table `run.ts` prints. */

/** Nearest-rank percentile (p in 0..100) of `values`; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/**
 * How a row is judged:
 * - `ratio-max`: pass when value / baseline ≤ limit (latency, memory vs. baseline)
 * - `ratio-min`: pass when value / baseline ≥ limit (throughput vs. baseline)
 * - `max` / `min`: pass when value ≤ / ≥ limit (absolute targets)
 * - `none`: informational
 */
export type Target =
  | { kind: "ratio-max"; limit: number }
  | { kind: "ratio-min"; limit: number }
  | { kind: "max"; limit: number }
  | { kind: "min"; limit: number }
  | { kind: "none" };

export interface Row {
  metric: string;
  unit: string;
  value: number;
  baseline: number | null;
  target: Target;
  /** Digits after the decimal point for value and baseline. */
  digits?: number;
}

export interface Section {
  rows: Row[];
  /** Setup and caveats, printed under the table. */
  notes: string[];
}

export function verdict(row: Row): "pass" | "FAIL" | "-" {
  const t = row.target;
  if (t.kind === "none" || !Number.isFinite(row.value)) return t.kind === "none" ? "-" : "FAIL";
  if (t.kind === "max") return row.value <= t.limit ? "pass" : "FAIL";
  if (t.kind === "min") return row.value >= t.limit ? "pass" : "FAIL";
  if (row.baseline === null || !(row.baseline > 0)) return "FAIL";
  const ratio = row.value / row.baseline;
  return (t.kind === "ratio-max" ? ratio <= t.limit : ratio >= t.limit) ? "pass" : "FAIL";
}

function num(x: number | null, digits: number): string {
  if (x === null) return "-";
  if (!Number.isFinite(x)) return "n/a";
  return x.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function targetText(row: Row): string {
  const t = row.target;
  switch (t.kind) {
    case "ratio-max":
      return `≤ ${t.limit}× baseline`;
    case "ratio-min":
      return `≥ ${t.limit}× baseline`;
    case "max":
      return `≤ ${num(t.limit, 0)} ${row.unit}`;
    case "min":
      return `≥ ${num(t.limit, 0)} ${row.unit}`;
    case "none":
      return "-";
  }
}

/** The result table as aligned plain text (also valid as a Markdown table). */
export function formatTable(rows: Row[]): string {
  const header = ["metric", "value", "baseline", "ratio", "target", "pass/fail"];
  const lines = rows.map((row) => {
    const d = row.digits ?? 2;
    const ratio =
      row.baseline !== null && row.baseline > 0 && Number.isFinite(row.value)
        ? `${(row.value / row.baseline).toFixed(2)}×`
        : "-";
    return [
      row.metric,
      `${num(row.value, d)} ${row.unit}`,
      row.baseline === null ? "-" : `${num(row.baseline, d)} ${row.unit}`,
      ratio,
      targetText(row),
      verdict(row),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const right = new Set([1, 2, 3]);
  const fmt = (cells: string[]) =>
    `| ${cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (right.has(i) ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [fmt(header), rule, ...lines.map(fmt)].join("\n");
}

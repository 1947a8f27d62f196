// What the browser benches share: a scripted member (a Node ConvexClient signed in as a guest,
// for rooms and remote changes), statistics, main-thread time, and writing figures for
// `pnpm compare` (BENCH_OUT: a directory; each bench writes `<name>.json` there).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ConvexClient } from "convex/browser";
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import { AuthError, createAuthSession } from "@rooms/client";
import { RATE_WINDOW_MS, type RoomType } from "@rooms/domain";
import type { CDPSession } from "@playwright/test";

/** The deployment's URL, from the suite's global setup. */
export function deploymentUrl(): string {
  const url = process.env.ROOMS_E2E_CONVEX_URL;
  if (!url) throw new Error("ROOMS_E2E_CONVEX_URL is not set: run through a bench config");
  return url;
}

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

/** A guest signed in from Node, who can make public rooms for the pages to open. */
export async function scriptedMember(): Promise<{
  client: ConvexClient;
  createRoom(type: RoomType): Promise<Id<"rooms">>;
}> {
  const client = new ConvexClient(deploymentUrl(), { logger: false });
  const auth = createAuthSession({ client, storage: memoryStorage(), storageEvents: null });
  // Guest sign-ups are limited per deployment (GUEST_SIGN_UPS_PER_SECOND): wait for the window.
  for (let attempt = 1; ; attempt++) {
    try {
      await auth.signInAsGuest();
      break;
    } catch (error) {
      if (!(error instanceof AuthError) || error.code !== "tooManyAttempts" || attempt >= 20)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, RATE_WINDOW_MS));
    }
  }
  return {
    client,
    createRoom: (type) =>
      client.mutation(api.rooms.create, {
        name: `Bench ${type} ${Date.now()}`,
        type,
        isPrivate: false,
      }),
  };
}

/** Main-thread busy ms from CDP `Performance.getMetrics` (TaskDuration, seconds there). */
export async function mainThreadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return (metrics.find((m) => m.name === "TaskDuration")?.value ?? 0) * 1000;
}

export const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** The machine line every bench prints. */
export const machine = (): string =>
  `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" / ")}`;

/** One measure for every app, with its raw samples. */
export interface Figure {
  label: string;
  unit: string;
  /** Per app name: the reported value and the samples it summarises. */
  values: Record<string, { value: number; samples: number[] }>;
}

/** Prints figures as a table (apps as columns, the second / first ratio when two). */
export function printTable(title: string, names: readonly string[], figures: readonly Figure[]) {
  const ratio = names.length === 2 ? `${names[1]}/${names[0]}` : null;
  console.log(`\n${title}; ${machine()}`);
  console.log(`| Measure | ${names.join(" | ")}${ratio ? ` | ${ratio}` : ""} |`);
  console.log(`|---|${names.map(() => "---:").join("|")}${ratio ? "|---:" : ""}|`);
  for (const figure of figures) {
    const values = names.map((name) => figure.values[name]?.value ?? Number.NaN);
    const cells = values.map((v) => (Math.abs(v) < 10 ? v.toFixed(1) : v.toFixed(0)));
    const r = ratio ? ` | ${(values[1]! / values[0]!).toFixed(2)}` : "";
    console.log(`| ${figure.label} (${figure.unit}) | ${cells.join(" | ")}${r} |`);
  }
}

/** Writes `figures` to `$BENCH_OUT/<name>.json` when BENCH_OUT is set (for `pnpm compare`). */
export async function writeFigures(name: string, figures: readonly Figure[]): Promise<void> {
  const dir = process.env.BENCH_OUT;
  if (!dir) return;
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  await fs.writeFile(file, JSON.stringify({ name, machine: machine(), figures }, null, 2));
}

/**
 * Conformance: `npx convex logs` (convex@1.48 src/cli/lib/logs.ts) tails the deployment's
 * execution log through `GET /api/stream_function_logs`: with `--history` it prints the recent
 * executions' log lines with their level, each failure's error, and with `--success` a
 * "Function executed in N ms" line per successful execution.
 */
import { ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalDeployment } from "../deployment.js";
import { runConvexCli, startWithFixtures } from "../test-support/deployment.js";

let dep: LocalDeployment;

beforeAll(async () => {
  dep = await startWithFixtures();
});

afterAll(async () => {
  await dep?.close();
});

describe("convex logs", () => {
  it("prints recent executions: log lines with levels, errors and successes", async () => {
    const http = new ConvexHttpClient(dep.cloudUrl);
    await http.mutation("logging:say" as never, { text: "hello" } as never);
    await expect(http.mutation("logging:sayThenFail" as never, {} as never)).rejects.toThrow(
      "logged failure",
    );
    const result = await runConvexCli(dep, ["logs", "--history", "10", "--success"], undefined, {
      stopWhen: ({ stdout }) => stdout.includes("Uncaught Error: logged failure"),
    });
    const lines = result.stdout.split("\n");
    const line = (text: string) => lines.find((l) => l.includes(text)) ?? "";
    expect(line("said")).toMatch(/\[CONVEX M\(logging:say\)\] \[LOG\] 'said' 'hello'$/);
    expect(line("careful")).toMatch(/\[CONVEX M\(logging:say\)\] \[WARN\] 'careful'$/);
    expect(line("Function executed")).toMatch(
      /\[CONVEX M\(logging:say\)\] Function executed in \d+ ms$/,
    );
    expect(line("about to fail")).toMatch(/\[CONVEX M\(logging:sayThenFail\)\] \[INFO\]/);
    expect(line("logged failure")).toMatch(
      /\[CONVEX M\(logging:sayThenFail\)\] Uncaught Error: logged failure/,
    );
    // Oldest first: the first mutation's lines come before the second's.
    expect(lines.indexOf(line("said"))).toBeLessThan(lines.indexOf(line("about to fail")));
  });

  it("does not log the CLI's own system queries", async () => {
    await runConvexCli(dep, ["data"]);
    const { entries } = dep.executionLog.after(0);
    expect(entries.some((e) => e.identifier.startsWith("_system"))).toBe(false);
  });
});

import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalDeployment } from "../deployment.js";
import { ADMIN_KEY, push, startDeployment, tempDataDir } from "../test-support/deployment.js";
import { waitFor } from "../conformance/helpers.js";

const PROJECT = fileURLToPath(new URL("../../test/projects/scheduling", import.meta.url));

describe("scheduler", () => {
  let dataDir: string;
  let dep: LocalDeployment;
  let http: ConvexHttpClient;

  beforeAll(async () => {
    dataDir = tempDataDir();
    dep = await startDeployment({ dataDir });
    await push(dep, PROJECT);
    http = new ConvexHttpClient(dep.cloudUrl);
  });

  afterAll(async () => {
    await dep.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const runs = (tag: string) =>
    http.query("jobs:runs" as never, { tag } as never) as Promise<number>;
  const job = (id: string) => {
    const admin = new ConvexHttpClient(dep.cloudUrl);
    admin.setAdminAuth(ADMIN_KEY);
    return admin.query("jobs:job" as never, { id } as never) as Promise<{
      state: { kind: string; error?: string };
      completedTime?: number;
    } | null>;
  };

  it("runs a scheduled mutation once and records success", async () => {
    const id = (await http.mutation(
      "jobs:scheduleRecord" as never,
      { tag: "once", delayMs: 0 } as never,
    )) as string;
    await waitFor(async () => (await job(id))?.state.kind === "success", "the job to succeed");
    expect(await runs("once")).toBe(1);
    expect((await job(id))?.completedTime).toEqual(expect.any(Number));
  });

  it("schedules nothing when the scheduling mutation throws", async () => {
    await expect(
      http.mutation(
        "jobs:scheduleRecord" as never,
        { tag: "rolled", delayMs: 0, thenThrow: true } as never,
      ),
    ).rejects.toThrow("rolled back");
    // A later job proves the scheduler ran past the time the rolled-back one would have run.
    const id = (await http.mutation(
      "jobs:scheduleRecord" as never,
      { tag: "after", delayMs: 0 } as never,
    )) as string;
    await waitFor(async () => (await job(id))?.state.kind === "success", "the later job");
    expect(await runs("rolled")).toBe(0);
  });

  it("never runs a canceled job", async () => {
    // Due in 3 s, so the cancel lands first even on a loaded machine.
    const id = (await http.mutation(
      "jobs:scheduleRecord" as never,
      { tag: "canceled", delayMs: 3_000 } as never,
    )) as string;
    await http.mutation("jobs:cancel" as never, { id } as never);
    expect((await job(id))?.state.kind).toBe("canceled");
    const later = (await http.mutation(
      "jobs:scheduleRecord" as never,
      { tag: "probe", delayMs: 3_100 } as never,
    )) as string;
    await waitFor(
      async () => (await job(later))?.state.kind === "success",
      "a job due after the canceled one",
    );
    expect(await runs("canceled")).toBe(0);
  });

  it.each([
    ["mutation", false],
    ["action", true],
  ])(
    "ends a scheduled %s that cancels itself as canceled, its own writes kept",
    async (_, action) => {
      const tag = `self-${String(action)}`;
      const id = (await http.mutation(
        "jobs:scheduleSelfCancel" as never,
        { tag, action } as never,
      )) as string;
      await waitFor(async () => (await runs(tag)) === 1, "the job's own write");
      await waitFor(
        async () => (await job(id))?.state.kind === "canceled",
        "the job to end canceled",
      );
      // It stays canceled: nothing marks it success afterwards.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await job(id))?.state.kind).toBe("canceled");
    },
  );

  it("marks a throwing mutation failed and keeps none of its writes", async () => {
    const id = (await http.mutation("jobs:scheduleFail" as never, {} as never)) as string;
    const failed = await waitFor(async () => {
      const j = await job(id);
      return j?.state.kind === "failed" ? j : undefined;
    }, "the job to fail");
    expect(failed.state.error).toContain("scheduled failure");
    expect(await runs("never")).toBe(0);
  });

  it("runs an action scheduled from an action", async () => {
    const id = (await http.action(
      "jobs:scheduleFromAction" as never,
      { tag: "action" } as never,
    )) as string;
    await waitFor(async () => (await job(id))?.state.kind === "success", "the action job");
    expect(await runs("action")).toBe(1);
  });

  it("fires an interval cron repeatedly", async () => {
    const first = await waitFor(
      async () => ((await runs("cron")) >= 1 ? runs("cron") : undefined),
      "the first cron run",
    );
    await waitFor(async () => (await runs("cron")) > first, "a second cron run");
  });

  it("runs a job whose delay spans a restart exactly once", async () => {
    const id = (await http.mutation(
      "jobs:scheduleRecord" as never,
      { tag: "restart", delayMs: 800 } as never,
    )) as string;
    await dep.close();
    dep = await startDeployment({ dataDir });
    http = new ConvexHttpClient(dep.cloudUrl);
    await waitFor(async () => (await job(id))?.state.kind === "success", "the job after restart");
    expect(await runs("restart")).toBe(1);
  });
});

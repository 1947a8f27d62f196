/**
 * Conformance: an action's code cannot take the deployment down, and cannot run forever. The
 * compiled `local-deployment start` runs in its own process (an uncaught exception would end
 * it, and a test runner's own handlers must not hide that), with a 2 s action time limit
 * (`V8_ACTION_USER_TIMEOUT_SECS`). An exception thrown from a timer, an unhandled `'error'`
 * event of a Node API in a `"use node"` action, and a promise rejection nobody awaits each fail
 * only their action, with the error; an action past its time fails with Convex's timeout error;
 * after each, the deployment still answers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_PROJECT, push, tempDataDir } from "../test-support/deployment.js";
import { waitFor } from "./helpers.js";

const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
const BIN = path.join(PACKAGE_DIR, "bin", "local-deployment.mjs");
const ADMIN_KEY = "isolation-key";

const ACTIONS = `
import { actionGeneric, queryGeneric } from "convex/server";

export const ping = queryGeneric(async () => "pong");

export const timerThrows = actionGeneric(async () => {
  await new Promise((resolve) => {
    setTimeout(() => {
      throw new Error("boom in a timer");
    }, 10);
    setTimeout(resolve, 5_000);
  });
});

export const rejectionUnawaited = actionGeneric(async () => {
  void Promise.reject(new Error("nobody awaited this"));
  await new Promise((resolve) => setTimeout(resolve, 5_000));
});

export const slow = actionGeneric(async () => {
  await new Promise((resolve) => setTimeout(resolve, 60_000));
  return "done";
});
`;

const NODE_ACTIONS = `"use node";
import { actionGeneric } from "convex/server";
import { EventEmitter } from "node:events";

export const errorEvent = actionGeneric(async () => {
  const emitter = new EventEmitter();
  await new Promise((resolve) => {
    setTimeout(() => emitter.emit("error", new Error("unhandled error event")), 10);
    setTimeout(resolve, 5_000);
  });
});
`;

let child: ChildProcess;
let client: ConvexHttpClient;
let dataDir: string;
let project: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  project = path.join(PACKAGE_DIR, `.tmp-isolation-${crypto.randomBytes(4).toString("hex")}`);
  fs.mkdirSync(path.join(project, "convex"), { recursive: true });
  fs.copyFileSync(path.join(FIXTURE_PROJECT, "package.json"), path.join(project, "package.json"));
  fs.writeFileSync(path.join(project, "convex", "crashes.ts"), ACTIONS);
  fs.writeFileSync(path.join(project, "convex", "nodeCrashes.ts"), NODE_ACTIONS);
  child = spawn(
    process.execPath,
    [
      BIN,
      "start",
      "--port",
      "0",
      "--site-port",
      "0",
      "--data-dir",
      dataDir,
      "--admin-key",
      ADMIN_KEY,
    ],
    {
      cwd: PACKAGE_DIR,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, V8_ACTION_USER_TIMEOUT_SECS: "2" },
    },
  );
  let stdout = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", () => undefined);
  const url = await waitFor(
    () => /^CONVEX_SELF_HOSTED_URL=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1],
    "the deployment's URL line",
  );
  await push({ cloudUrl: url, adminKey: ADMIN_KEY }, project);
  client = new ConvexHttpClient(url);
}, 120_000);

afterAll(() => {
  child?.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(project, { recursive: true, force: true });
});

const call = (name: string) =>
  client.action(name as never, {} as never).then(
    () => "succeeded",
    (e: Error) => e.message,
  );

describe("an action's code", () => {
  it.each([
    ["crashes:timerThrows", "Uncaught Error: boom in a timer"],
    ["crashes:rejectionUnawaited", "Uncaught Error: nobody awaited this"],
    // A "use node" action's failure is named after the event, as Convex's Node executor does.
    ["nodeCrashes:errorEvent", "Uncaught uncaughtException: unhandled error event"],
  ])("that throws outside its promise chain (%s) fails only that action", async (name, text) => {
    const message = await call(name);
    expect(message).toContain(text);
    expect(child.exitCode).toBeNull();
    expect(await client.query("crashes:ping" as never, {} as never)).toBe("pong");
  });

  it("that runs past the action time limit fails with Convex's timeout error", async () => {
    expect(await call("crashes:slow")).toContain(
      "Function execution timed out (maximum duration: 2s)",
    );
    expect(await client.query("crashes:ping" as never, {} as never)).toBe("pong");
  });
});

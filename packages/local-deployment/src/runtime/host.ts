/**
 * The host side of the `convex/server` runtime: one `globalThis.Convex` whose syscalls look up the
 * running function in an AsyncLocalStorage, the way the official node executor does
 * (source: convex-backend npm-packages/node-executor/src/executor.ts; convex@1.48
 * server/impl/syscall.ts). Pushed bundles carry their own copy of `convex/server` and talk to the
 * host only through this global.
 *
 * While a function runs, `console.*` becomes its `logLines` (`"[LOG] 'text'"`, object-inspect style;
 * source: convex-backend crates/common/src/log_lines.rs), and queries and mutations are
 * deterministic: `Math.random` is seeded per execution, `Date.now()` is fixed for the execution,
 * and `fetch` throws (source: convex-backend npm-packages/udf-runtime/src/setup.ts). `process.env`
 * shows the deployment's environment variables (`npx convex env`), plus CONVEX_CLOUD_URL and
 * CONVEX_SITE_URL (source: convex-backend crates/udf/src/environment.rs).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { inspect } from "node:util";
import { logError } from "../log.js";

/** What every syscall handler sees about the running function. */
export interface ExecutionBase {
  kind: "query" | "mutation" | "action";
  logLines: string[];
  /** Seeded RNG for queries and mutations; null in actions (real randomness). */
  random: (() => number) | null;
  /** Fixed `Date.now()` for queries and mutations; null in actions (real clock). */
  now: number | null;
  /** What `process.env` shows the function: the deployment's environment variables. */
  env: Record<string, string>;
  syscall(op: string, args: Record<string, unknown>): unknown;
  asyncSyscall(op: string, args: Record<string, unknown>): Promise<unknown>;
  jsSyscall(op: string, args: Record<string, unknown>): unknown;
  /**
   * Actions only: ends the action with `error` (its code threw from a callback, or it ran out of
   * time). Set by `guardAction`; after it, the action's further syscalls are refused.
   */
  abort?: (error: unknown) => void;
  ended?: boolean;
  /** Actions: whether the action's module is a `"use node"` one. */
  node?: boolean;
  /** `console.time` labels → start (performance.now(), ms); created on first use. */
  timers?: Map<string, number>;
}

export const executions = new AsyncLocalStorage<ExecutionBase>();

function current(): ExecutionBase {
  const e = executions.getStore();
  if (e === undefined) {
    throw new Error(
      "The Convex database and auth objects are being used outside of a Convex function execution.",
    );
  }
  return e;
}

/** A syscall failure carrying ConvexError data (convex-json) through `performAsyncSyscall`. */
export class SyscallError extends Error {
  constructor(
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

const LEVELS = { log: "LOG", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG" } as const;

/** Formats console arguments like the official runtime: strings quoted, objects inspected. */
export function formatLogLine(level: string, args: unknown[]): string {
  const parts = args.map((a) => inspect(a, { depth: 5, breakLength: Infinity }));
  return `[${level}] ${parts.join(" ")}`;
}

let installed = false;

/**
 * An error thrown from an action's callback (a timer, an event emitter's unhandled `'error'`, a
 * rejected promise nobody awaited) ends that action, not the deployment: the execution it
 * belongs to (AsyncLocalStorage follows callbacks) is aborted with it. Anything else keeps
 * Node's default (print, exit 1) unless another listener (a test runner) handles it.
 */
function onUncaught(error: unknown, event: "uncaughtException" | "unhandledRejection"): void {
  const execution = executions.getStore();
  if (execution?.abort !== undefined) {
    // Convex's Node executor names the failure after the event (node-executor executor.ts:
    // `uncaughtException: <message>`); its V8 runtime reports the error itself.
    if (execution.node === true && error instanceof Error) {
      const named = new Error(error.message);
      named.name = event;
      named.stack = error.stack;
      execution.abort(named);
    } else execution.abort(error);
    return;
  }
  if (process.listenerCount(event) > 1) return;
  console.error(error);
  process.exit(1);
}

/**
 * Runs `body` as an action execution that fails with Convex's timeout error after `timeoutMs`,
 * or with the error its code throws from a callback (see `onUncaught`), whichever comes first.
 */
export async function guardAction<T>(
  execution: ExecutionBase,
  timeoutMs: number,
  timeoutMessage: string,
  body: () => Promise<T>,
): Promise<T> {
  let abort!: (error: unknown) => void;
  const aborted = new Promise<never>((_, reject) => (abort = reject));
  aborted.catch(() => undefined); // observed through the race; never unhandled

  execution.abort = (error) => {
    execution.ended = true;
    abort(error);
  };
  const timer = setTimeout(() => execution.abort!(new Error(timeoutMessage)), timeoutMs);
  timer.unref();
  try {
    return await Promise.race([executions.run(execution, body), aborted]);
  } finally {
    clearTimeout(timer);
    execution.ended = true;
    // A callback of the action that throws after it ended: the deployment's log, not a crash.
    execution.abort = (error) =>
      executions.exit(() => logError("an action's code threw after the action ended:", error));
  }
}

/** Installs `globalThis.Convex` and the per-execution global overrides. Idempotent. */
export function installHost(): void {
  if (installed) return;
  installed = true;
  process.on("uncaughtException", (error) => onUncaught(error, "uncaughtException"));
  process.on("unhandledRejection", (error) => onUncaught(error, "unhandledRejection"));
  (globalThis as Record<string, unknown>).Convex = {
    syscall(op: string, jsonArgs: string): string {
      const result = current().syscall(op, JSON.parse(jsonArgs) as Record<string, unknown>);
      return JSON.stringify(result ?? null);
    },
    async asyncSyscall(op: string, jsonArgs: string): Promise<string> {
      const execution = current();
      if (execution.ended === true)
        throw new Error(
          "This action has already ended (it failed or timed out); its calls are refused.",
        );
      const result = await execution.asyncSyscall(
        op,
        JSON.parse(jsonArgs) as Record<string, unknown>,
      );
      return JSON.stringify(result ?? null);
    },
    jsSyscall(op: string, args: Record<string, unknown>): unknown {
      return current().jsSyscall(op, args);
    },
  };

  for (const [method, level] of Object.entries(LEVELS)) {
    const original = (console as unknown as Record<string, (...a: unknown[]) => void>)[method]!;
    (console as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const e = executions.getStore();
      if (e === undefined) original.apply(console, args);
      else e.logLines.push(formatLogLine(level, args));
    };
  }

  // console.time / timeLog / timeEnd as Convex's runtime has them (udf-runtime 02_console.ts):
  // `<label>: <whole ms>ms`, a warning for a timer that exists already or does not exist.
  const timer = (e: ExecutionBase, label: unknown, end: boolean, args: unknown[]): void => {
    const name = label === undefined ? "default" : String(label);
    const timers = (e.timers ??= new Map());
    const start = timers.get(name);
    if (start === undefined) {
      e.logLines.push(formatLogLine("WARN", [`Timer '${name}' does not exist`]));
      return;
    }
    if (end) timers.delete(name);
    const ms = Math.round(performance.now() - start);
    e.logLines.push(formatLogLine("LOG", [`${name}: ${ms}ms`, ...args]));
  };
  const consoleMethods = console as unknown as Record<string, (...a: unknown[]) => void>;
  const realTime = { time: console.time, timeLog: console.timeLog, timeEnd: console.timeEnd };
  consoleMethods.time = (label?: unknown) => {
    const e = executions.getStore();
    if (e === undefined) return realTime.time.call(console, label as string);
    const name = label === undefined ? "default" : String(label);
    const timers = (e.timers ??= new Map());
    if (timers.has(name))
      e.logLines.push(formatLogLine("WARN", [`Timer '${name}' already exists`]));
    else timers.set(name, performance.now());
  };
  consoleMethods.timeLog = (label?: unknown, ...args: unknown[]) => {
    const e = executions.getStore();
    if (e === undefined) return realTime.timeLog.call(console, label as string, ...args);
    timer(e, label, false, args);
  };
  consoleMethods.timeEnd = (label?: unknown) => {
    const e = executions.getStore();
    if (e === undefined) return realTime.timeEnd.call(console, label as string);
    timer(e, label, true, []);
  };

  const realRandom = Math.random;
  Math.random = () => executions.getStore()?.random?.() ?? realRandom();
  const realNow = Date.now;
  Date.now = () => executions.getStore()?.now ?? realNow();
  // Functions see the deployment's environment variables, not the host's.
  const hostEnv = process.env;
  process.env = new Proxy(hostEnv, {
    get: (target, name) => {
      const e = executions.getStore();
      return e === undefined || typeof name !== "string" ? Reflect.get(target, name) : e.env[name];
    },
    has: (target, name) => {
      const e = executions.getStore();
      return e === undefined || typeof name !== "string"
        ? Reflect.has(target, name)
        : name in e.env;
    },
    ownKeys: (target) => {
      const e = executions.getStore();
      return e === undefined ? Reflect.ownKeys(target) : Object.keys(e.env);
    },
    getOwnPropertyDescriptor: (target, name) => {
      const e = executions.getStore();
      if (e === undefined || typeof name !== "string")
        return Reflect.getOwnPropertyDescriptor(target, name);
      return name in e.env
        ? { value: e.env[name], writable: true, enumerable: true, configurable: true }
        : undefined;
    },
  });
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((...args: Parameters<typeof fetch>) => {
    const e = executions.getStore();
    if (e !== undefined && e.kind !== "action") {
      throw new Error(
        "Can't use fetch() in queries and mutations. Please consider using an action.",
      );
    }
    return realFetch(...args);
  }) as typeof fetch;
}

/** A small seeded PRNG (mulberry32): deterministic `Math.random` per execution. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `fn` (typically a module import) with `process.env` showing `env`, as an action would see
 * it. Pushed modules read environment variables at import time (e.g. `auth.config.ts`).
 */
export function withEnvironment<T>(env: Record<string, string>, fn: () => T): T {
  installHost();
  const refuse = (op: string): never => {
    throw new Error(`Convex APIs (${op}) cannot be called while a module is being imported.`);
  };
  return executions.run(
    {
      kind: "action",
      logLines: [],
      random: null,
      now: null,
      env,
      syscall: refuse,
      asyncSyscall: refuse,
      jsSyscall: refuse,
    },
    fn,
  );
}

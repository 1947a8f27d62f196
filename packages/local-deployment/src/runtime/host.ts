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

/** Installs `globalThis.Convex` and the per-execution global overrides. Idempotent. */
export function installHost(): void {
  if (installed) return;
  installed = true;
  (globalThis as Record<string, unknown>).Convex = {
    syscall(op: string, jsonArgs: string): string {
      const result = current().syscall(op, JSON.parse(jsonArgs) as Record<string, unknown>);
      return JSON.stringify(result ?? null);
    },
    async asyncSyscall(op: string, jsonArgs: string): Promise<string> {
      const result = await current().asyncSyscall(
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

// Shared by the convex-test suites (`*.test.ts` beside each module). Not pushed: the convex CLI
// skips file names with more than one dot.
/// <reference types="vitest/importMeta" />
import type { ErrorCode } from "@rooms/domain";
import { convexTest } from "convex-test";
import { expect } from "vitest";
import type { Id } from "./_generated/dataModel";
import schema from "./schema";

declare global {
  interface ImportMeta {
    glob(patterns: string | string[]): Record<string, () => Promise<unknown>>;
  }
}

/** Every module of the backend and `_generated/`, without tests, test helpers and configs. */
export const modules = import.meta.glob([
  "./**/*.ts",
  "./_generated/*.js",
  "!./**/*.d.ts",
  "!./**/*.test.ts",
  "!./test.setup.ts",
  "!./vitest.config.ts",
]);

export function setup() {
  return convexTest(schema, modules);
}

export type TestConvex = ReturnType<typeof setup>;

/** Inserts a user the way Convex Auth would and returns a client signed in as them. */
export async function signIn(
  t: TestConvex,
  name: string,
  fields: { isAnonymous?: boolean; email?: string } = {},
) {
  const userId: Id<"users"> = await t.run((ctx) =>
    ctx.db.insert("users", { name, color: "#1565C0", ...fields }),
  );
  // Convex Auth's subject is "<userId>|<authSessionId>"; getAuthUserId reads the first half.
  return Object.assign(t.withIdentity({ subject: `${userId}|session-${name}` }), { userId });
}

export type Client = Awaited<ReturnType<typeof signIn>>;

/** Asserts that `promise` rejects with a ConvexError of `code` (and the given extra fields). */
export async function expectError(
  promise: Promise<unknown>,
  code: ErrorCode,
  extra: Record<string, unknown> = {},
) {
  await expect(promise).rejects.toMatchObject({
    data: { code, message: expect.any(String), ...extra },
  });
}

/** Anything that calls functions: `t` (signed out) or a signed-in client. */
export type Caller = Pick<Client, "query" | "mutation">;

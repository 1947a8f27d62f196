// Per-user rate limits over @rooms/domain's sliding-window `rateLimit`, with the state stored in
// the `rateLimits` table (one row per key). A refused action writes nothing and throws
// RATE_LIMITED with `limit` and `retryAfterMs`. The presence sweeper deletes rows whose window
// has passed. (Cursor updates keep their state on the cursor row instead: see presence.ts.)
import { ErrorCode, RATE_WINDOW_MS, rateLimit, type RateLimitState } from "@rooms/domain";
import type { MutationCtx } from "../_generated/server";
import { fail } from "./access";

/** Applies the limit to in-memory state: the new state, or throws RATE_LIMITED. */
export function checkRateLimit(
  state: RateLimitState | null,
  now: number,
  limit: number,
): RateLimitState {
  const result = rateLimit(state, now, limit, RATE_WINDOW_MS);
  if (!result.allowed) fail(ErrorCode.RATE_LIMITED, { limit, retryAfterMs: result.retryAfterMs });
  return result.state;
}

/** Counts one action against `key` (at most `limit` per RATE_WINDOW_MS). Throws RATE_LIMITED. */
export async function consumeRateLimit(
  ctx: MutationCtx,
  key: string,
  limit: number,
  now = Date.now(),
): Promise<void> {
  const row = await ctx.db
    .query("rateLimits")
    .withIndex("by_key", (q) => q.eq("key", key))
    .unique();
  const { hits } = checkRateLimit(row === null ? null : { hits: row.hits }, now, limit);
  const expiresAt = now + RATE_WINDOW_MS;
  if (row === null) await ctx.db.insert("rateLimits", { key, hits, expiresAt });
  else await ctx.db.patch("rateLimits", row._id, { hits, expiresAt });
}

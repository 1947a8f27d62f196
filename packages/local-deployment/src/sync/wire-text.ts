/**
 * The JSON text a session sends, built once and shared: in a fan-out every session sends the same
 * result text and the same version timestamps (same fields and order as `JSON.stringify` of the
 * protocol messages; source: convex@1.48 browser/sync/protocol.ts).
 */
import type { JSONValue } from "convex/values";
import { clientErrorMessage, type Outcome } from "../runtime/outcome.js";
import { jsonNesting, MAX_NESTING } from "../values/nesting.js";
import { encodeTs } from "../values/timestamp.js";
import type { StateModification } from "./protocol.js";

/** `JSON.stringify([udfPath, args])`, or null when the args nest too deep to serialize. */
export function subscriptionKey(udfPath: string, args: JSONValue): string | null {
  if (jsonNesting(args, MAX_NESTING + 1) > MAX_NESTING + 1) return null;
  return JSON.stringify([udfPath, args]);
}

/** A failed mutation's or action's response fields; `requestId` names it in the message. */
export function failure(
  outcome: Extract<Outcome, { ok: false }>,
  ...requestId: (string | number)[]
) {
  return {
    success: false as const,
    result: clientErrorMessage(outcome.message, ...requestId),
    logLines: outcome.logLines,
    ...(outcome.data === undefined ? {} : { errorData: outcome.data }),
  };
}

/**
 * `JSON.stringify(StateVersion)`. Encoded timestamps are memoized: in a fan-out every session goes
 * from the same previous ts to the same new one.
 */
export function versionText(querySet: number, identity: number, ts: bigint): string {
  return `{"querySet":${JSON.stringify(querySet)},"identity":${JSON.stringify(identity)},"ts":"${tsText(ts)}"}`;
}

const tsMemo: [bigint, string][] = [
  [-1n, ""],
  [-1n, ""],
];
let tsMemoNext = 0;

function tsText(ts: bigint): string {
  for (const [key, text] of tsMemo) if (key === ts) return text;
  const text = encodeTs(ts);
  tsMemo[tsMemoNext] = [ts, text];
  tsMemoNext ^= 1;
  return text;
}

/**
 * JSON text of a successful query result's value and log lines, computed once per result: every
 * session subscribed to the same query at the same timestamp shares one QueryRun (fan-out).
 */
const resultText = new WeakMap<Outcome, { value: string; logLines: string }>();

/** `JSON.stringify(toModification(...))`, reusing the shared result text. */
export function modificationText(
  queryId: number,
  outcome: Outcome,
  journal: string | null,
  sessionId: string,
): string {
  if (!outcome.ok || outcome.value === undefined)
    return JSON.stringify(toModification(queryId, outcome, journal, sessionId));
  let cached = resultText.get(outcome);
  if (cached === undefined) {
    cached = { value: JSON.stringify(outcome.value), logLines: JSON.stringify(outcome.logLines) };
    resultText.set(outcome, cached);
  }
  return `{"type":"QueryUpdated","queryId":${JSON.stringify(queryId)},"value":${cached.value},"logLines":${cached.logLines},"journal":${JSON.stringify(journal)}}`;
}

function toModification(
  queryId: number,
  outcome: Outcome,
  journal: string | null,
  sessionId: string,
): StateModification {
  if (outcome.ok)
    return {
      type: "QueryUpdated",
      queryId,
      value: outcome.value,
      logLines: outcome.logLines,
      journal,
    };
  return {
    type: "QueryFailed",
    queryId,
    errorMessage: clientErrorMessage(outcome.message, sessionId, `query ${queryId}`),
    logLines: outcome.logLines,
    journal,
    ...(outcome.data === undefined ? {} : { errorData: outcome.data }),
  };
}

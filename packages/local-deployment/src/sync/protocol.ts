/**
 * The Convex sync protocol as types, and the parser that validates client frames
 * (source: convex@1.48 browser/sync/protocol.ts; convex-protocol.md §a).
 *
 * Every frame is one JSON text message. u64 timestamps travel as base64 (standard alphabet,
 * padded) of 8 little-endian bytes. Function arguments are `[convexJsonObject]`.
 */
import type { JSONValue } from "convex/values";

export type ClientMessage =
  | {
      type: "Connect";
      sessionId: string;
      connectionCount: number;
      lastCloseReason: string | null;
      maxObservedTimestamp?: string;
      clientTs?: number;
    }
  | {
      type: "ModifyQuerySet";
      baseVersion: number;
      newVersion: number;
      modifications: QuerySetModification[];
    }
  | {
      type: "Mutation";
      requestId: number;
      udfPath: string;
      args: JSONValue[];
      componentPath?: string;
    }
  | {
      type: "Action";
      requestId: number;
      udfPath: string;
      args: JSONValue[];
      componentPath?: string;
    }
  | {
      type: "Authenticate";
      tokenType: "User" | "Admin" | "None";
      value?: string;
      baseVersion: number;
      impersonating?: Record<string, unknown>;
    }
  | { type: "Event"; eventType: string; event: unknown };

export type QuerySetModification =
  | {
      type: "Add";
      queryId: number;
      udfPath: string;
      args: JSONValue[];
      journal?: string | null;
      componentPath?: string;
    }
  | { type: "Remove"; queryId: number };

export interface StateVersion {
  querySet: number;
  identity: number;
  /** Encoded u64 ns timestamp. */
  ts: string;
}

export type StateModification =
  | {
      type: "QueryUpdated";
      queryId: number;
      value: JSONValue;
      logLines: string[];
      journal: string | null;
    }
  | {
      type: "QueryFailed";
      queryId: number;
      errorMessage: string;
      logLines: string[];
      journal: string | null;
      errorData?: JSONValue;
    }
  | { type: "QueryRemoved"; queryId: number };

export type ServerMessage =
  | {
      type: "Transition";
      startVersion: StateVersion;
      endVersion: StateVersion;
      modifications: StateModification[];
      clientClockSkew?: number;
      serverTs?: number;
    }
  | {
      type: "MutationResponse";
      requestId: number;
      success: boolean;
      result: JSONValue;
      ts: string | null;
      logLines: string[];
      errorData?: JSONValue;
    }
  | {
      type: "ActionResponse";
      requestId: number;
      success: boolean;
      result: JSONValue;
      logLines: string[];
      errorData?: JSONValue;
    }
  | { type: "AuthError"; error: string; baseVersion: number; authUpdateAttempted: boolean }
  | { type: "FatalError"; error: string }
  | { type: "Ping" };

/** A frame that breaks the protocol; answered with FatalError on that socket only. */
export class ProtocolError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function need(cond: boolean, type: string, what: string): void {
  if (!cond) throw new ProtocolError(`Invalid ${type} message: ${what}`);
}

const isInt = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;
const isArgs = (v: unknown) => Array.isArray(v) && v.length === 1 && isObject(v[0]);

/** Parses and validates one client frame. Throws ProtocolError with what is wrong. */
export function parseClientMessage(text: string): ClientMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    throw new ProtocolError("Malformed frame: not valid JSON");
  }
  if (!isObject(msg) || typeof msg.type !== "string") {
    throw new ProtocolError("Malformed frame: expected a JSON object with a string `type`");
  }
  const t = msg.type;
  switch (t) {
    case "Connect":
      need(typeof msg.sessionId === "string", t, "sessionId must be a string");
      need(isInt(msg.connectionCount), t, "connectionCount must be a non-negative integer");
      need(
        msg.maxObservedTimestamp === undefined || typeof msg.maxObservedTimestamp === "string",
        t,
        "maxObservedTimestamp must be a string",
      );
      break;
    case "ModifyQuerySet": {
      need(
        isInt(msg.baseVersion) && isInt(msg.newVersion),
        t,
        "baseVersion and newVersion must be non-negative integers",
      );
      need(Array.isArray(msg.modifications), t, "modifications must be an array");
      for (const m of msg.modifications as unknown[]) {
        need(isObject(m) && isInt(m.queryId), t, "each modification needs an integer queryId");
        const mod = m as Record<string, unknown>;
        if (mod.type === "Add") {
          need(typeof mod.udfPath === "string", t, "Add needs a string udfPath");
          need(isArgs(mod.args), t, "Add args must be a one-element array holding an object");
          need(
            mod.journal === undefined || mod.journal === null || typeof mod.journal === "string",
            t,
            "journal must be a string or null",
          );
        } else {
          need(mod.type === "Remove", t, `unknown modification type ${JSON.stringify(mod.type)}`);
        }
      }
      break;
    }
    case "Mutation":
    case "Action":
      need(isInt(msg.requestId), t, "requestId must be a non-negative integer");
      need(typeof msg.udfPath === "string", t, "udfPath must be a string");
      need(isArgs(msg.args), t, "args must be a one-element array holding an object");
      break;
    case "Authenticate":
      need(isInt(msg.baseVersion), t, "baseVersion must be a non-negative integer");
      need(
        ["User", "Admin", "None"].includes(msg.tokenType as string),
        t,
        "tokenType must be User, Admin or None",
      );
      need(msg.tokenType === "None" || typeof msg.value === "string", t, "value must be a string");
      if (msg.impersonating === undefined && msg.acting_as !== undefined)
        msg.impersonating = msg.acting_as;
      break;
    case "Event":
      break;
    default:
      throw new ProtocolError(`Unknown message type ${JSON.stringify(t)}`);
  }
  return msg as unknown as ClientMessage;
}

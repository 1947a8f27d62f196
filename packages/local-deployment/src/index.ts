/**
 * @rooms/local-deployment — a Convex-compatible local deployment in Node.
 *
 * It speaks Convex's WebSocket sync protocol and HTTP API, runs the functions the `convex` CLI
 * pushes with the real `convex/server` runtime, stores documents in SQLite, and answers the CLI's
 * self-hosted push endpoints, so `ConvexClient`, `ConvexHttpClient`, convex-svelte, convex-vue and
 * `npx convex dev` work against it unchanged. It is for development and CI on one machine; deploy
 * the same `convex/` folder to Convex (cloud or self-hosted) for anything else.
 *
 * It is not a Convex backend replacement: no components, vector search or multi-node anything.
 */
export { LocalDeployment, type LocalDeploymentOptions } from "./deployment.js";
export { encodeTs, decodeTs } from "./values/timestamp.js";
/** The sync protocol's frames (convex@1.48 browser/sync/protocol.ts), for tests on the wire. */
export type {
  ClientMessage,
  QuerySetModification,
  ServerMessage,
  StateModification,
  StateVersion,
} from "./sync/protocol.js";

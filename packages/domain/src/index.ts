// @rooms/domain: the Rooms domain as plain TypeScript. Entity and view-model types, the text
// operational transformation (./ot), presence rules, permissions, limits, error codes and the
// data-testid names both apps and the e2e suite share.
//
// It is not a client and not a backend: it imports no framework, no Convex and no DOM or Node
// API (ESLint enforces it), reads no clock and starts no timer, so it runs unchanged in a
// browser, in Node and in the Convex runtime. For talking to the backend use @rooms/client;
// for Convex functions see convex/.

export * from "./board";
export * from "./board-changes";
export * from "./board-geometry";
export * from "./board-presence";
export * from "./board-render";
export * from "./cursor-rows";
export * from "./errors";
export * from "./ids";
export * from "./keyboard";
export * from "./limits";
export * from "./ot";
export * from "./permissions";
export * from "./presence";
export * from "./types";
export * from "./utf16";

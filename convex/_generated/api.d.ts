/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type * as auth from "../auth.js";
import type * as boards from "../boards.js";
import type * as crons from "../crons.js";
import type * as documents from "../documents.js";
import type * as http from "../http.js";
import type * as lib_access from "../lib/access.js";
import type * as lib_documentText from "../lib/documentText.js";
import type * as lib_presence from "../lib/presence.js";
import type * as lib_profiles from "../lib/profiles.js";
import type * as lib_purge from "../lib/purge.js";
import type * as lib_rateLimit from "../lib/rateLimit.js";
import type * as lib_roomKeys from "../lib/roomKeys.js";
import type * as lib_systemMessages from "../lib/systemMessages.js";
import type * as lib_uploads from "../lib/uploads.js";
import type * as lib_views from "../lib/views.js";
import type * as messages from "../messages.js";
import type * as presence from "../presence.js";
import type * as rooms from "../rooms.js";
import type * as seed from "../seed.js";
import type * as uploads from "../uploads.js";
import type * as users from "../users.js";

import type { ApiFromModules, FilterApi, FunctionReference } from "convex/server";

declare const fullApi: ApiFromModules<{
  auth: typeof auth;
  boards: typeof boards;
  crons: typeof crons;
  documents: typeof documents;
  http: typeof http;
  "lib/access": typeof lib_access;
  "lib/documentText": typeof lib_documentText;
  "lib/presence": typeof lib_presence;
  "lib/profiles": typeof lib_profiles;
  "lib/purge": typeof lib_purge;
  "lib/rateLimit": typeof lib_rateLimit;
  "lib/roomKeys": typeof lib_roomKeys;
  "lib/systemMessages": typeof lib_systemMessages;
  "lib/uploads": typeof lib_uploads;
  "lib/views": typeof lib_views;
  messages: typeof messages;
  presence: typeof presence;
  rooms: typeof rooms;
  seed: typeof seed;
  uploads: typeof uploads;
  users: typeof users;
}>;

/**
 * A utility for referencing Convex functions in your app's public API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
export declare const api: FilterApi<typeof fullApi, FunctionReference<any, "public">>;

/**
 * A utility for referencing Convex functions in your app's internal API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = internal.myModule.myFunction;
 * ```
 */
export declare const internal: FilterApi<typeof fullApi, FunctionReference<any, "internal">>;

export declare const components: {};

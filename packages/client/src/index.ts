// @rooms/client: the realtime core both Rooms apps share, over the official `ConvexClient`
// (convex@1.48). Models, each a plain object with `getSnapshot()` (an immutable state,
// replaced on change), `subscribe(listener)` (returns the unsubscribe function) and `dispose()`:
//
//   createAuthSession       sign-up / sign-in / guest / sign-out with Convex Auth; tokens in a
//                           given storage; keeps the client authenticated and refreshed
//   createPresence          heartbeats, away, leave on page hide, throttled cursors, typing,
//                           members / cursors / typists of a room, smoothed remote pointers
//   createDocumentSession   the OT client of one document: instant local edits, rebasing,
//                           remote carets, save state, safe across reconnects
//   createConnectionState   connecting / connected / reconnecting / offline for the banner
//   createLobby             the room list with its filter, creating rooms, joining (by invite)
//   createRoom              one room: rooms.get, joining by URL, its presence, leave, delete
//   createChat              a room's messages page by page, send / edit / delete / react shown
//                           at once and delivered once (outbox), uploads, search
//   createBoard             a room's whiteboard: live shapes with optimistic changes, tools,
//                           selection, gestures, per-user undo / redo, pan and zoom;
//   createBoardInput        what pointer and keys do on it (draw, select, move, resize, keys);
//   boardSvg, boardPng      the board as an SVG or PNG file
//   createRoomDocuments     a room's document list, creating one, history and restore
//   createProfile           users.me and saving the display name and color
//   createQuery,            one query (or paginated query) as a Readable: the observers the
//   createPaginatedQuery    models above are built on, for anything else an app reads
//
// It is not a framework binding: it imports no Svelte, Vue or React, and keeps no framework
// store. Each app wraps these models in a few lines (a Svelte rune module, a Vue composable)
// that copy the snapshot into the framework's reactivity from `subscribe` — the way TanStack
// Query's svelte-query and vue-query wrap query-core. It is not the domain either: rules, text
// operations and limits live in @rooms/domain, and the functions it calls in convex/.
//
// Timers and clocks are the platform's (setTimeout, Date.now) and can be faked in tests; the DOM
// is touched only through hooks with browser defaults (page visibility, network), so the models
// also run in Node.

export type { Listener, Readable } from "./store";
export {
  UNEXPECTED_ERROR_MESSAGE,
  messageOf,
  roomsErrorOf,
  type ClientForAuth,
  type ClientForQueries,
  type ClientForConnection,
  type ClientForData,
} from "./convex";
export { AuthError, authErrorOf, decodeJwt, type AuthErrorCode } from "./auth-errors";
export {
  authRedirect,
  browserStorageEvents,
  createAuthSession,
  type AuthSession,
  type AuthSessionOptions,
  type AuthState,
  type SignUpArgs,
  type StorageEventsHook,
  type TokenStorage,
  type Tokens,
} from "./auth-session";
export {
  TYPING_REFRESH_MS,
  createPresence,
  prefersReducedMotion,
  NO_SMOOTHING,
  type Caret,
  type CursorUpdate,
  type DrawnPointer,
  type Presence,
  type PresenceOptions,
  type PresenceSnapshot,
} from "./presence";
export {
  POINTER_INPUT_INTERVAL_MS,
  browserInput,
  browserVisibility,
  type InputHook,
  type VisibilityHook,
} from "./page-hooks";
export {
  createDocumentSession,
  type CaretChannel,
  type DocumentSession,
  type DocumentSessionOptions,
  type DocumentSnapshot,
  type DocumentStatus,
  type RemoteCaret,
} from "./document-session";
export {
  browserNetwork,
  connectionStateOf,
  createConnectionState,
  type ConnectionModel,
  type ConnectionOptions,
  type ConnectionState,
  type NetworkHook,
} from "./connection-state";
export {
  createPaginatedQuery,
  createQuery,
  type PaginatedItem,
  type PaginatedQueryObserver,
  type PaginatedQueryReference,
  type PaginatedState,
  type QueryObserver,
  type QueryState,
} from "./query";
export {
  createChat,
  type Chat,
  type ChatOptions,
  type ChatSnapshot,
  type UploadFile,
} from "./chat";
export {
  createLobby,
  matchesFilter,
  newRoomError,
  type Lobby,
  type LobbySnapshot,
  type NewRoom,
} from "./lobby";
export {
  animatePointers,
  createRoom,
  type FrameHook,
  type RoomDetails,
  type RoomModel,
  type RoomOptions,
  type RoomSnapshot,
} from "./room";
export {
  createRoomDocuments,
  type HistoryEntry,
  type RoomDocuments,
  type RoomDocumentsSnapshot,
} from "./room-documents";
export { createProfile, type Me, type ProfileModel, type ProfileSnapshot } from "./profile";
export { keepTabInside } from "./focus-trap";
export { rovingFocus, type RovingFocusOptions } from "./roving-focus";
export {
  boardColorName,
  boardToolLabel,
  clockTime,
  dateTimeLabel,
  fileSizeLabel,
  roomTypeLabel,
  snapshotReasonLabel,
  statusLabel,
} from "./labels";
export { caretOverlay, type OverlayPiece } from "./caret-overlay";
export { roomPointerAt } from "./remote-pointers";
export {
  DUPLICATE_OFFSET,
  GESTURE_SEND_MS,
  HIT_TOLERANCE_PX,
  createBoard,
  type Board,
  type BoardSnapshot,
  type BoardStyle,
  type Gesture,
} from "./board";
export {
  BOARD_SHORTCUTS,
  DRAG_THRESHOLD_PX,
  HANDLE_REACH_PX,
  NUDGE,
  NUDGE_FAR,
  createBoardInput,
  keyInputOf,
  screenBox,
  type BoardInput,
  type BoardInputSnapshot,
  type KeyInput,
  type PointerInput,
} from "./board-input";
export { BOARD_EXPORT_MARGIN, boardPng, boardSvg, downloadFile, exportBoard } from "./board-export";

// `data-testid` values shared by both apps and the e2e suite (e2e/APP_SPEC.md). Both apps put
// exactly these values on the elements described; the suite finds elements only through them
// (and visible text). Repeated elements (a room card, a message) share one id; tell them apart
// by their text or by the data attributes in `testAttributes`.

export const testIds = {
  // Authentication
  signInForm: "sign-in-form",
  signInEmail: "sign-in-email",
  signInPassword: "sign-in-password",
  signInName: "sign-in-name", // display name, shown when signing up
  signInSubmit: "sign-in-submit",
  signUpToggle: "sign-up-toggle", // switches the form between "sign in" and "sign up"
  signInError: "sign-in-error",
  guestButton: "guest-button",
  signOut: "sign-out",

  // Profile
  profileMenu: "profile-menu",
  profileMenuButton: "profile-menu-button",
  profileName: "profile-name",
  profileNameInput: "profile-name-input",
  profileColor: "profile-color",
  profileSave: "profile-save",
  profileError: "profile-error",

  // Lobby
  lobby: "lobby",
  roomList: "room-list",
  roomListEmpty: "room-list-empty",
  lobbyError: "lobby-error",
  lobbyRetry: "lobby-retry",
  roomCardError: "room-card-error",
  roomSearch: "room-search",
  roomCard: "room-card",
  roomCardName: "room-card-name",
  roomCardType: "room-card-type",
  roomCardPrivate: "room-card-private",
  roomCardMemberCount: "room-card-member-count",
  roomCardOnlineCount: "room-card-online-count",
  roomCardJoin: "room-card-join",
  roomCardOpen: "room-card-open",
  createRoomButton: "create-room-button",
  createRoomDialog: "create-room-dialog",
  createRoomName: "create-room-name",
  createRoomDescription: "create-room-description",
  createRoomType: "create-room-type",
  createRoomPrivate: "create-room-private",
  createRoomMaxParticipants: "create-room-max-participants",
  createRoomSubmit: "create-room-submit",
  createRoomCancel: "create-room-cancel",
  createRoomError: "create-room-error",
  joinByCodeInput: "join-by-code-input",
  joinByCodeSubmit: "join-by-code-submit",
  joinByCodeError: "join-by-code-error",

  // Room
  roomView: "room-view",
  roomHeader: "room-header",
  roomName: "room-name",
  roomDescription: "room-description",
  roomType: "room-type",
  roomInviteCode: "room-invite-code",
  roomCopyInvite: "room-copy-invite",
  roomLeave: "room-leave",
  roomDelete: "room-delete",
  roomError: "room-error", // full, not found, not a member
  backToLobby: "back-to-lobby",
  connectionBanner: "connection-banner",

  // Presence
  avatarStack: "avatar-stack",
  avatar: "avatar",
  avatarStatus: "avatar-status",
  avatarOverflow: "avatar-overflow", // the "+N" chip when the stack is cut short
  memberList: "member-list",
  memberItem: "member-item",
  cursorLayer: "cursor-layer",
  cursor: "cursor",
  cursorName: "cursor-name",
  typingIndicator: "typing-indicator",

  // Chat
  chatPanel: "chat-panel",
  messageList: "message-list",
  messageListEmpty: "message-list-empty",
  messageLoadOlder: "message-load-older",
  messageItem: "message-item",
  messageAuthor: "message-author",
  messageBody: "message-body",
  messageTime: "message-time",
  messageEdited: "message-edited",
  messageDeleted: "message-deleted",
  messageEdit: "message-edit",
  messageEditInput: "message-edit-input",
  messageEditSave: "message-edit-save",
  messageEditCancel: "message-edit-cancel",
  messageDelete: "message-delete",
  messageReactions: "message-reactions",
  messageReaction: "message-reaction", // one emoji chip with its count; click toggles
  messageReactionAdd: "message-reaction-add",
  messageActions: "message-actions", // add reaction, edit, delete: shown on hover or focus within
  messageDelivery: "message-delivery", // "Sending…" / "Saving…" / "Not sent: …" on a message on its way
  messageRetry: "message-retry", // on a message the server refused: send it again
  messageDiscard: "message-discard", // on a message the server refused: drop it
  chatSkipToComposer: "chat-skip-to-composer", // skip link over the message list to the composer
  roomSideToggle: "room-side-toggle", // hides / shows the room's side panel (aria-expanded)
  reactionPicker: "reaction-picker",
  reactionOption: "reaction-option",
  systemMessage: "system-message",
  composer: "composer",
  composerInput: "composer-input",
  composerSend: "composer-send",
  composerError: "composer-error",
  fileUpload: "file-upload", // the <input type="file">
  fileAttachment: "file-attachment", // a non-image file link in a message
  imagePreview: "image-preview",
  chatSearch: "chat-search",
  chatSearchResults: "chat-search-results",
  chatSearchResult: "chat-search-result",

  // Documents
  documentList: "document-list",
  documentListEmpty: "document-list-empty",
  documentItem: "document-item",
  documentCreate: "document-create",
  documentCreateTitle: "document-create-title",
  documentCreateSubmit: "document-create-submit",
  documentTitle: "document-title",
  documentEditor: "document-editor", // the <textarea>
  documentCaret: "document-caret", // another user's caret or selection in the editor
  documentRevision: "document-revision",
  documentSaveState: "document-save-state",
  documentLock: "document-lock",
  documentUnlock: "document-unlock",
  documentLockedBy: "document-locked-by",
  documentHistory: "document-history",
  documentHistoryItem: "document-history-item",
  documentRestore: "document-restore",

  // Added with e2e/APP_SPEC.md
  documentPanel: "document-panel",
  documentCreateError: "document-create-error",
  documentError: "document-error",
  fileUploadProgress: "file-upload-progress",

  // Whiteboard (APP_SPEC § Whiteboard). Tool buttons are `boardToolId(tool)`:
  // board-tool-select, board-tool-rectangle … board-tool-text.
  board: "board", // the board panel: toolbar, canvas, status
  boardCanvas: "board-canvas", // the <svg>
  boardShape: "board-shape", // every shape element (data-shape-id, data-kind, data-selected)
  boardSelection: "board-selection", // the viewer's selection box with its resize handles
  boardHandle: "board-handle", // one resize handle (data-handle: nw n ne e se s sw w)
  boardMarquee: "board-marquee",
  boardDraft: "board-draft", // the shape the viewer is drawing, before it is created
  boardRemoteSelection: "board-remote-selection", // another user's selection (data-user-id)
  boardRemoteDraft: "board-remote-draft", // another user's shape in progress, in a data-user-id group
  boardRemotePointer: "board-remote-pointer", // another user's pointer on the board, with their name
  boardUndo: "board-undo",
  boardRedo: "board-redo",
  boardDelete: "board-delete",
  boardDuplicate: "board-duplicate",
  boardForward: "board-forward",
  boardBackward: "board-backward",
  boardColor: "board-color", // one colour swatch (data-color), aria-pressed when current
  boardStrokeWidth: "board-stroke-width", // the <select> of stroke widths
  boardExportPng: "board-export-png",
  boardExportSvg: "board-export-svg",
  boardTextEditor: "board-text-editor", // the <textarea> over a note or text being edited
  boardEmpty: "board-empty",
  boardError: "board-error", // why the viewer's last change was refused, or why loading failed
  boardStatus: "board-status", // "Loading the board…" / "Read only"
} as const;

/** The test id of a whiteboard tool button: `board-tool-select`, `board-tool-<kind>`. */
export const boardToolId = (tool: string): string => `board-tool-${tool}`;

export type TestIdName = keyof typeof testIds;
export type TestId = (typeof testIds)[TestIdName];

/** The `id` of the chat's message box: the target of the chat's skip link (`#composer-input`). */
export const COMPOSER_INPUT_ID = "composer-input";

/**
 * Data attributes that carry state next to a test id, so the suite can assert it without
 * reading styles: `[data-testid="avatar"][data-status="away"]`.
 */
export const testAttributes = {
  testId: "data-testid",
  /** PresenceStatus on avatar, avatar-status, member-item. */
  status: "data-status",
  userId: "data-user-id",
  roomId: "data-room-id",
  /** On room-view: the room's RoomType, which picks its layout (`roomPanels`). */
  roomType: "data-room-type",
  messageId: "data-message-id",
  documentId: "data-document-id",
  /** On connection-banner: ConnectionState; on document-save-state: SaveState (see ./types). */
  state: "data-state",
  /** On message-reaction: the emoji; on message-reaction and chat toggles: "true" when mine. */
  emoji: "data-emoji",
  mine: "data-mine",
  /** On cursor: where its name label sits (`cursorLabelPlacement`): "left" | "right". */
  labelSide: "data-label-side",
  /** On message-item: "true" while it is the message a search result revealed. */
  highlighted: "data-highlighted",
  /** On message-item: MessageDelivery ("sending" | "saving" | "failed") while on its way. */
  delivery: "data-delivery",
  /** On cursor: "below" | "above" the arrow. */
  labelVertical: "data-label-vertical",
  /** On board-shape: the shape's id and ShapeKind; "true" on the viewer's selected shapes. */
  shapeId: "data-shape-id",
  kind: "data-kind",
  selected: "data-selected",
  /**
   * On an element whose pointer moves are not room pointer moves (the board reports its own,
   * in board units): "off".
   */
  roomPointer: "data-room-pointer",
  /** On board-handle: ResizeHandle. On board-color: the colour. */
  handle: "data-handle",
  color: "data-color",
} as const;

// The chat of one room: its messages page by page, sending, editing, deleting and reacting, file
// uploads, and full-text search (convex/messages.ts). Both apps' chat containers bind this and
// render; every rule (lengths, the file size limit, who may delete, the upload protocol, the
// search debounce) is applied here once, before the call the server would refuse anyway.
//
// Upload protocol (Convex file storage): `messages.generateUploadUrl` → POST the file to that URL
// with its content type → `{ storageId }` → `messages.sendFile` attaches it to a new message.
//
// What the viewer does shows at once, before the server has it (APP_SPEC § Chat "On its way"):
// a sent message is appended as `delivery: "sending"` (the Outbox delivers it exactly once, in
// order, under the rate limit; "failed" with retry / discard when refused); an edit shows its new
// text as `delivery: "saving"`; a reaction toggle shows toggled. Each call is one intent: the
// ConvexClient queues it while offline and the deployment runs it once.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import {
  ErrorCode,
  FILE_MAX_BYTES,
  MESSAGES_PAGE_SIZE,
  MESSAGES_PER_SECOND,
  SEARCH_DEBOUNCE_MS,
  canDeleteMessage,
  errorMessage,
  lengthErrorMessage,
  toggleReaction,
  type Message,
} from "@rooms/domain";
import type { PaginationStatus } from "convex/browser";
import { messageOf, type ClientForQueries } from "./convex";
import { Outbox, type OutboxEntry } from "./outbox";
import { createPaginatedQuery, createQuery } from "./query";
import { Store, attemptOk, type Readable } from "./store";

export interface ChatSnapshot {
  /**
   * Loaded messages, oldest first, as the viewer's pending changes leave them (edits in flight:
   * `delivery: "saving"`; reaction toggles applied), then the messages not stored yet
   * (`delivery: "sending" | "failed"`, ids `outgoing:<n>`).
   */
  messages: Message[];
  /** The message list's pagination: "LoadingFirstPage" until the first page arrives. */
  status: PaginationStatus;
  /** Why the messages could not be loaded, or null. */
  loadError: string | null;
  /** Why the last action (send, edit, delete, react, upload) failed, or null. */
  error: string | null;
  /** The name of the file being uploaded, or null. */
  uploading: string | null;
  /** The search, once a non-blank query has waited SEARCH_DEBOUNCE_MS; null otherwise. */
  search: { query: string; results: Message[] | undefined } | null;
  /** The message `reveal` brought into view, for HIGHLIGHT_MS; null otherwise. */
  highlightedId: string | null;
}

/** How long a revealed message (a search result the user picked) stays highlighted, in ms. */
export const HIGHLIGHT_MS = 3000;

export interface Chat extends Readable<ChatSnapshot> {
  /**
   * Sends `body` (trimmed): true when it was valid and is now on its way (shown at once as
   * "sending"); false with `error` set (EMPTY, TOO_LONG) and nothing sent.
   */
  send(body: string): boolean;
  /** Sends a message the server refused ("failed") again; false when `messageId` is not one. */
  retry(messageId: string): boolean;
  /** Drops a message the server refused; false when `messageId` is not one. */
  discard(messageId: string): boolean;
  /**
   * Replaces one's own message's text: true when valid and on its way (shown at once, "saving");
   * a refusal puts the old text back and sets `error`.
   */
  edit(messageId: string, body: string): boolean;
  remove(messageId: string): Promise<boolean>;
  /**
   * Adds one's `emoji` reaction, or removes it when already there, shown at once; a refusal
   * undoes it and sets `error`. Resolves true when stored.
   */
  react(messageId: string, emoji: string): Promise<boolean>;
  /** Uploads `file` and sends it as a message with `caption`; resolves true when sent. */
  upload(file: UploadFile, caption: string): Promise<boolean>;
  /** Whether the viewer may delete `message` (its author, or the room's owner). */
  canDelete(message: Message): boolean;
  /** Loads MESSAGES_PAGE_SIZE older messages; false when none are left or a load is under way. */
  loadOlder(): boolean;
  /** The search box's text: searched SEARCH_DEBOUNCE_MS after the last change; blank clears. */
  setSearch(query: string): void;
  /**
   * Loads older pages until `messageId` is among the loaded messages, then highlights it
   * (`highlightedId`) for HIGHLIGHT_MS; resolves false when no page holds it (deleted since).
   */
  reveal(messageId: string): Promise<boolean>;
  dispose(): void;
}

/** A browser File, or any Blob with a name. */
export type UploadFile = Blob & { readonly name: string };

export interface ChatOptions {
  /** The signed-in user (for `canDelete`, and the author of messages not stored yet). */
  userId: string;
  /** The room's owner (may delete any message). */
  ownerId: string;
  /** Posts the file to the upload URL; the platform's `fetch` by default. */
  fetch?: typeof globalThis.fetch;
}

/** The chat of `roomId` until `dispose()`. */
export function createChat(
  client: ClientForQueries,
  roomId: Id<"rooms">,
  options: ChatOptions,
): Chat {
  const post = options.fetch ?? ((...args) => globalThis.fetch(...args));
  const pages = createPaginatedQuery(
    client,
    api.messages.list,
    { roomId },
    {
      initialNumItems: MESSAGES_PAGE_SIZE,
    },
  );
  const search = createQuery(client, api.messages.search, "skip");
  // The viewer's name and color, for the messages not stored yet.
  const me = createQuery(client, api.users.me, {});
  let searched = "";
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Edits on their way: message id → the newest text and how many calls are in flight. */
  const edits = new Map<string, { body: string; inFlight: number }>();
  /** Reaction toggles on their way: `${messageId} ${emoji}` → how many. */
  const toggles = new Map<string, number>();
  const outbox = new Outbox<string>({
    deliver: (body) => client.mutation(api.messages.send, { roomId, body }),
    perWindow: MESSAGES_PER_SECOND - 1,
    onChange: () => refresh(),
  });

  /** A stored message as the viewer's edits and reaction toggles in flight leave it. */
  const withPending = (message: Message): Message => {
    const edit = edits.get(message.id);
    let reactions = message.reactions;
    for (const [key, count] of toggles) {
      const [id, emoji] = key.split(" ") as [string, string];
      if (id !== message.id || count % 2 === 0) continue;
      reactions = toggleReaction(reactions, emoji, options.userId);
    }
    if (edit === undefined && reactions === message.reactions) return message;
    return edit === undefined
      ? { ...message, reactions }
      : { ...message, reactions, body: edit.body, edited: true, delivery: "saving" };
  };
  const outgoing = (entry: OutboxEntry<string>): Message => {
    const viewer = me.getSnapshot().data;
    return {
      id: entry.key,
      roomId,
      kind: "text",
      authorId: options.userId,
      authorName: viewer?.name ?? "You",
      authorColor: viewer?.color ?? "currentColor",
      body: entry.payload,
      createdAt: entry.createdAt,
      edited: false,
      deleted: false,
      reactions: [],
      delivery: entry.state,
      ...(entry.error !== null ? { deliveryError: entry.error } : {}),
    };
  };

  let stored: Message[] = [];
  const snapshotOf = (previous?: ChatSnapshot): ChatSnapshot => {
    const page = pages.getSnapshot();
    const found = search.getSnapshot();
    stored =
      previous && stored.length === page.results.length
        ? sameOrReversed(stored, page.results)
        : [...page.results].reverse();
    const pending = outbox.list();
    const shown = edits.size === 0 && toggles.size === 0 ? stored : stored.map(withPending);
    return {
      messages: pending.length === 0 ? shown : [...shown, ...pending.map(outgoing)],
      status: page.status,
      loadError: page.error ? messageOf(page.error, "Could not load the messages.") : null,
      error: previous?.error ?? null,
      uploading: previous?.uploading ?? null,
      search: searched === "" ? null : { query: searched, results: found.data },
      highlightedId: previous?.highlightedId ?? null,
    };
  };
  const store = new Store<ChatSnapshot>(snapshotOf());
  const refresh = () => store.set(snapshotOf(store.getSnapshot()));
  const stops = [pages.subscribe(refresh), search.subscribe(refresh), me.subscribe(refresh)];

  /** Runs one action: clears the last error, records this one's; resolves whether it succeeded. */
  const run = (action: () => Promise<unknown>): Promise<boolean> =>
    attemptOk(store, { error: "error" }, action);

  /** `body` trimmed when the server would take it; else null with `error` set. */
  function checked(body: string): string | null {
    const text = body.trim();
    const invalid = lengthErrorMessage("message", text);
    if (invalid !== null) store.patch({ error: invalid });
    return invalid === null ? text : null;
  }

  const messageId = (id: string) => id as Id<"messages">;
  let highlightTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  /** Resolves with the next page snapshot. */
  const nextPage = () =>
    new Promise<void>((resolve) => {
      const stop = pages.subscribe(() => {
        stop();
        resolve();
      });
    });

  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    send(body) {
      const text = checked(body);
      if (text === null) return false;
      store.patch({ error: null });
      outbox.add(text);
      return true;
    },
    retry: (id) => outbox.retry(id),
    discard: (id) => outbox.discard(id),
    edit(id, body) {
      const text = checked(body);
      if (text === null) return false;
      const edit = edits.get(id);
      edits.set(id, { body: text, inFlight: (edit?.inFlight ?? 0) + 1 });
      refresh();
      void run(() =>
        client.mutation(api.messages.edit, { messageId: messageId(id), body: text }),
      ).finally(() => {
        const current = edits.get(id);
        if (current && --current.inFlight === 0) edits.delete(id);
        refresh();
      });
      return true;
    },
    remove: (id) => run(() => client.mutation(api.messages.remove, { messageId: messageId(id) })),
    async react(id, emoji) {
      const key = `${id} ${emoji}`;
      toggles.set(key, (toggles.get(key) ?? 0) + 1);
      refresh();
      try {
        return await run(() =>
          client.mutation(api.messages.react, { messageId: messageId(id), emoji }),
        );
      } finally {
        const count = (toggles.get(key) ?? 1) - 1;
        if (count === 0) toggles.delete(key);
        else toggles.set(key, count);
        refresh();
      }
    },
    async upload(file, caption) {
      if (file.size > FILE_MAX_BYTES) {
        store.patch({ error: errorMessage(ErrorCode.INVALID_ARGUMENT, { field: "file" }) });
        return false;
      }
      store.patch({ uploading: file.name });
      const contentType = file.type || "application/octet-stream";
      try {
        return await run(async () => {
          const url = await client.mutation(api.messages.generateUploadUrl, { roomId });
          const response = await post(url, {
            method: "POST",
            headers: { "Content-Type": contentType },
            body: file,
          });
          if (!response.ok) throw new Error(`Upload failed (${response.status})`);
          const { storageId } = (await response.json()) as { storageId: Id<"_storage"> };
          const text = caption.trim();
          await client.mutation(api.messages.sendFile, {
            roomId,
            storageId,
            name: file.name,
            contentType,
            ...(text ? { caption: text } : {}),
          });
        });
      } finally {
        store.patch({ uploading: null });
      }
    },
    canDelete: (message) => canDeleteMessage(message, { ownerId: options.ownerId }, options.userId),
    loadOlder: () => pages.loadMore(MESSAGES_PAGE_SIZE),
    setSearch(query) {
      clearTimeout(searchTimer);
      const next = query.trim();
      const apply = (value: string) => {
        searched = value;
        search.setArgs(value === "" ? "skip" : { roomId, query: value });
        refresh();
      };
      if (next === "") apply("");
      else if (next !== searched) searchTimer = setTimeout(() => apply(next), SEARCH_DEBOUNCE_MS);
    },
    async reveal(id) {
      const loaded = () => pages.getSnapshot().results.some((message) => message.id === id);
      while (!loaded()) {
        const { status } = pages.getSnapshot();
        if (disposed || status === "Exhausted") return false;
        if (status === "CanLoadMore") pages.loadMore(MESSAGES_PAGE_SIZE);
        await nextPage();
      }
      clearTimeout(highlightTimer);
      store.patch({ highlightedId: id });
      highlightTimer = setTimeout(() => store.patch({ highlightedId: null }), HIGHLIGHT_MS);
      return true;
    },
    dispose() {
      disposed = true;
      clearTimeout(highlightTimer);
      clearTimeout(searchTimer);
      for (const stop of stops) stop();
      outbox.dispose();
      pages.dispose();
      search.dispose();
      me.dispose();
      store.clear();
    },
  };
}

/** `previous` when it already is `results` reversed (same objects), else the reversed copy. */
function sameOrReversed(previous: Message[], results: Message[]): Message[] {
  const n = results.length;
  for (let i = 0; i < n; i++) if (previous[i] !== results[n - 1 - i]) return [...results].reverse();
  return previous;
}

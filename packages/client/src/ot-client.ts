// The OT client's state, without Convex, timers or I/O: the classic three-state client of ot.js
// (lib/client.js), which document-session.ts drives from the network.
//
//   synchronized ──local edit──▶ awaitingConfirm ──local edit──▶ awaitingWithBuffer
//        ▲                         │        ▲                         │
//        └──────own op committed───┘        └──own op committed───────┘ (the buffer becomes
//                                                                        the outstanding op)
//
// At most one operation is outstanding (sent, not yet seen committed); later local edits compose
// into the buffer. Every committed operation arrives in revision order: the one tagged with the
// outstanding op's tag acknowledges it; any other is transformed over the outstanding op and the
// buffer (the server's op is `a` in `transform`, as the server does) and applied.
import {
  apply,
  compose,
  invert,
  snapToCodePoint,
  insertsFirst,
  operationSite,
  transform,
  transformSelection,
  type TextOperation,
  type TextSelection,
} from "@rooms/domain";

/** An operation sent to the server, with the tag (`<clientId>:<n>`) it is committed under. */
export type Outstanding = { op: TextOperation; tag: string };

/** Committed operations kept to map carets made at older revisions. */
const HISTORY_LIMIT = 1000;

export class OtClient {
  /** The text at `revision`, as the server has it. */
  serverText: string;
  /** The last committed revision seen. */
  revision: number;
  /** serverText with the outstanding op and the buffer applied: what the user sees. */
  text: string;
  outstanding: Outstanding | null = null;
  buffer: TextOperation | null = null;
  /** The local selection, moved by every edit. */
  selection: TextSelection = { anchor: 0, head: 0 };
  private sequence = 0;
  /** history[i] produced revision historyStart + i. */
  private readonly history: TextOperation[] = [];
  private historyStart: number;

  constructor(
    text: string,
    revision: number,
    private readonly clientId: string,
  ) {
    this.serverText = this.text = text;
    this.revision = revision;
    this.historyStart = revision + 1;
  }

  /** Everything not yet committed, as one operation on serverText; null when synchronized. */
  pending(): TextOperation | null {
    const { outstanding, buffer } = this;
    if (outstanding === null) return buffer;
    return buffer === null ? outstanding.op : compose(outstanding.op, buffer);
  }

  /** 0 synchronized, 1 awaiting confirm, 2 awaiting with buffer. */
  get pendingEdits(): number {
    return (this.outstanding === null ? 0 : 1) + (this.buffer === null ? 0 : 1);
  }

  /**
   * Applies a local edit (valid on `text`). Returns the operation to send now when it becomes
   * the outstanding one, or null when it joined the buffer.
   */
  applyLocal(op: TextOperation): Outstanding | null {
    this.text = apply(this.text, op);
    this.selection = transformSelection(this.selection, op, this.text, true);
    if (this.outstanding !== null) {
      this.buffer = this.buffer === null ? op : compose(this.buffer, op);
      return null;
    }
    this.outstanding = { op, tag: this.nextTag() };
    return this.outstanding;
  }

  /**
   * A committed operation, `revision` = this.revision + 1. Returns the operation to send next if
   * it acknowledged the outstanding one and a buffer was waiting.
   */
  receive(operation: TextOperation, revision: number, tag: string): Outstanding | null {
    this.serverText = apply(this.serverText, operation);
    this.revision = revision;
    this.history.push(operation);
    if (this.history.length > HISTORY_LIMIT) {
      this.history.splice(0, this.history.length - HISTORY_LIMIT);
      this.historyStart = revision - HISTORY_LIMIT + 1;
    }
    if (this.outstanding !== null && tag === this.outstanding.tag) {
      this.outstanding = this.buffer === null ? null : { op: this.buffer, tag: this.nextTag() };
      this.buffer = null;
      return this.outstanding;
    }
    let remote = operation;
    // Insert ties: the site that sorts first goes first, as on the server.
    const remoteFirst = insertsFirst(operationSite(tag), this.clientId);
    if (this.outstanding !== null)
      [remote, this.outstanding.op] = transform(remote, this.outstanding.op, remoteFirst);
    if (this.buffer !== null) [remote, this.buffer] = transform(remote, this.buffer, remoteFirst);
    this.text = apply(this.text, remote);
    this.selection = transformSelection(this.selection, remote, this.text);
    return null;
  }

  /** Drops every uncommitted edit: the text goes back to the server's. */
  revert(): void {
    const local = this.pending();
    if (local !== null) {
      this.selection = transformSelection(
        this.selection,
        invert(local, this.serverText),
        this.serverText,
      );
    }
    this.text = this.serverText;
    this.outstanding = this.buffer = null;
  }

  setSelection(selection: TextSelection): void {
    this.selection = {
      anchor: snapToCodePoint(this.text, selection.anchor),
      head: snapToCodePoint(this.text, selection.head),
    };
  }

  /** The local selection in committed coordinates (at `revision`): what others can map. */
  committedSelection(): TextSelection {
    const local = this.pending();
    if (local === null) return this.selection;
    const back = invert(local, this.serverText);
    return transformSelection(this.selection, back, this.serverText);
  }

  /**
   * A selection another session made on the text at `revision`, mapped into `text`: moved over
   * the operations committed since, then over our uncommitted edits. One made at a revision we
   * have not seen yet, or one too old for the kept history, is only clamped.
   */
  mapRemote(selection: TextSelection, revision: number): TextSelection {
    let mapped = selection;
    if (revision <= this.revision && revision + 1 >= this.historyStart) {
      for (let r = revision + 1; r <= this.revision; r++) {
        mapped = transformSelection(mapped, this.history[r - this.historyStart]!);
      }
      const local = this.pending();
      if (local !== null) mapped = transformSelection(mapped, local);
    }
    return {
      anchor: snapToCodePoint(this.text, mapped.anchor),
      head: snapToCodePoint(this.text, mapped.head),
    };
  }

  private nextTag(): string {
    return `${this.clientId}:${++this.sequence}`;
  }
}

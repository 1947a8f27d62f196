// The OT client's states, acknowledgement by tag, revert and caret mapping, without any I/O.
import { replaceOp } from "@rooms/domain";
import { describe, expect, it } from "vitest";
import { OtClient } from "./ot-client";

describe("ot client", () => {
  it("goes synchronized → awaiting confirm → awaiting with buffer, and back on acknowledgements", () => {
    const ot = new OtClient("ab", 7, "me");
    expect(ot.applyLocal(replaceOp(2, 2, 2, "c"))).toEqual({ op: [2, "c"], tag: "me:1" });
    expect(ot.applyLocal(replaceOp(3, 3, 3, "d"))).toBeNull();
    expect(ot.applyLocal(replaceOp(4, 0, 1, ""))).toBeNull();
    expect([ot.text, ot.pendingEdits]).toEqual(["bcd", 2]);
    expect(ot.buffer).toEqual([-1, 2, "d"]);
    // Someone else's tag is not ours, even with our op's content. ("earlier" sorts before "me":
    // its insert goes first at the same spot.)
    ot.receive([2, "c"], 8, "earlier:1");
    expect(ot.pendingEdits).toBe(2);
    expect(ot.text).toBe("bccd");
    const next = ot.receive([3, "c"], 9, "me:1");
    expect(next).toEqual({ op: [-1, 3, "d"], tag: "me:2" });
    expect(ot.receive([-1, 3, "d"], 10, "me:2")).toBeNull();
    expect([ot.text, ot.serverText, ot.revision, ot.pendingEdits]).toEqual(["bccd", "bccd", 10, 0]);
  });

  it("reverts uncommitted edits, keeping the selection where the text survives", () => {
    const ot = new OtClient("hello", 0, "me");
    ot.setSelection({ anchor: 5, head: 5 });
    ot.applyLocal(replaceOp(5, 0, 0, "¡"));
    ot.applyLocal(replaceOp(6, 6, 6, "!"));
    expect(ot.selection).toEqual({ anchor: 7, head: 7 });
    ot.revert();
    expect([ot.text, ot.pendingEdits]).toEqual(["hello", 0]);
    expect(ot.selection).toEqual({ anchor: 5, head: 5 });
  });

  it("maps remote carets through the history and its own pending edits", () => {
    const ot = new OtClient("world", 3, "me");
    ot.receive(["hello ", 5], 4, "x");
    ot.applyLocal(replaceOp(11, 11, 11, "😀"));
    // Made at revision 3 on "world" ("w|orld|"): moved past "hello ". A caret exactly where text
    // was inserted stays before it (remote inserts land after carets).
    expect(ot.mapRemote({ anchor: 1, head: 5 }, 3)).toEqual({ anchor: 7, head: 11 });
    expect(ot.mapRemote({ anchor: 0, head: 0 }, 3)).toEqual({ anchor: 0, head: 0 });
    // Made at a revision not seen yet, or before the kept history: clamped only.
    expect(ot.mapRemote({ anchor: 99, head: 99 }, 5)).toEqual({ anchor: 13, head: 13 });
    expect(ot.mapRemote({ anchor: 1, head: 1 }, 1)).toEqual({ anchor: 1, head: 1 });
    // Never inside a surrogate pair.
    expect(ot.mapRemote({ anchor: 12, head: 12 }, 5)).toEqual({ anchor: 11, head: 11 });
    // Our selection after the emoji, in committed coordinates: the end of the committed text.
    ot.setSelection({ anchor: 13, head: 13 });
    expect(ot.committedSelection()).toEqual({ anchor: 11, head: 11 });
  });
});

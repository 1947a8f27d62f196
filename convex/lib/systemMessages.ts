// System lines in a room's chat ("Ada joined", "Ada created the document Notes"). The body is a
// fallback rendering in English; apps may render from `system` instead. Not rate limited: they
// are written by the backend as a side effect of joins, leaves and document creation.
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { profileOf } from "./profiles";

export type SystemEvent =
  | { kind: "joined" | "left" }
  | { kind: "document_created"; documentId: Id<"documents">; documentTitle: string };

export async function postSystemMessage(
  ctx: MutationCtx,
  roomId: Id<"rooms">,
  userId: Id<"users">,
  event: SystemEvent,
): Promise<Id<"messages">> {
  const { name } = profileOf(await ctx.db.get("users", userId), userId);
  let body: string;
  switch (event.kind) {
    case "joined":
      body = `${name} joined`;
      break;
    case "left":
      body = `${name} left`;
      break;
    case "document_created":
      body = `${name} created the document ${event.documentTitle}`;
      break;
    default: {
      event satisfies never;
      throw new Error("unknown system event");
    }
  }
  return await ctx.db.insert("messages", {
    roomId,
    authorId: userId,
    kind: "system",
    body,
    deleted: false,
    reactions: [],
    system: event,
  });
}

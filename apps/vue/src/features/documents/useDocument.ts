// One open document (createDocumentSession: OT, remote carets, save state, lock) as a ref.
import {
  createDocumentSession,
  type DocumentSession,
  type DocumentSnapshot,
  type Presence,
} from "@rooms/client";
import type { Id } from "@rooms/convex/_generated/dataModel";
import type { ConvexClient } from "convex/browser";
import type { ShallowRef } from "vue";
import { live } from "@/lib/live";

export interface OpenDocument {
  readonly session: DocumentSession;
  readonly state: ShallowRef<DocumentSnapshot>;
  dispose(): void;
}

export function useDocument(
  client: ConvexClient,
  documentId: Id<"documents">,
  options: { userId?: string | undefined; presence?: Presence | undefined },
): OpenDocument {
  const session = createDocumentSession(client, documentId, {
    ...(options.userId !== undefined ? { userId: options.userId } : {}),
    ...(options.presence !== undefined ? { presence: options.presence } : {}),
  });
  const state = live(session);
  return {
    session,
    state: state.current,
    dispose() {
      state.stop();
      session.dispose();
    },
  };
}

// The auth session of the app (createAuthSession over the app's ConvexClient, tokens in
// localStorage) as refs, shared through provide/inject (auth-context.ts) by AppShell.
import { authErrorOf, createAuthSession, type AuthSession, type AuthState } from "@rooms/client";
import type { ConvexClient } from "convex/browser";
import { computed, type ComputedRef, type ShallowRef } from "vue";
import { live } from "@/lib/live";

export interface Auth {
  readonly session: AuthSession;
  readonly state: ShallowRef<AuthState>;
  readonly userId: ComputedRef<string | null>;
  /** The text to show for a failed sign-in, sign-up or guest sign-in (`authErrorOf`). */
  errorText(error: unknown): string;
  dispose(): void;
}

export function useAuth(client: ConvexClient): Auth {
  const session = createAuthSession({ client, storage: localStorage });
  const state = live(session);
  return {
    session,
    state: state.current,
    userId: computed(() => {
      const current = state.current.value;
      return current.status === "signedIn" ? current.userId : null;
    }),
    errorText: (error) => authErrorOf(error).message,
    dispose() {
      state.stop();
      session.dispose();
    },
  };
}

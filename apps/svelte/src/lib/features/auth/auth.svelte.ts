// The auth session of the app (createAuthSession over the app's ConvexClient, tokens in
// localStorage) as a rune, shared through context (auth-context.ts) by AppShell.
import { authErrorOf, createAuthSession, type AuthSession, type AuthState } from "@rooms/client";
import type { ConvexClient } from "convex/browser";
import { Live } from "$lib/live.svelte";

export class Auth {
  readonly session: AuthSession;
  readonly #live: Live<AuthState>;

  constructor(client: ConvexClient) {
    this.session = createAuthSession({ client, storage: localStorage });
    this.#live = new Live(this.session);
  }

  get state(): AuthState {
    return this.#live.current;
  }

  get userId(): string | null {
    const state = this.#live.current;
    return state.status === "signedIn" ? state.userId : null;
  }

  /** The text to show for a failed sign-in, sign-up or guest sign-in (`authErrorOf`). */
  errorText(error: unknown): string {
    return authErrorOf(error).message;
  }

  dispose(): void {
    this.#live.stop();
    this.session.dispose();
  }
}

// The signed-in user's profile as the profile menu shows it: `users.me` live and
// `users.updateProfile` (convex/users.ts), with the display name checked before the call.
import { api } from "@rooms/convex/_generated/api";
import { lengthErrorMessage } from "@rooms/domain";
import type { FunctionReturnType } from "convex/server";
import type { ClientForQueries } from "./convex";
import { createQuery } from "./query";
import { Store, attemptOk, type Readable } from "./store";

/** `users.me`: name, color, whether a guest; null when signed out. */
export type Me = FunctionReturnType<typeof api.users.me>;

export interface ProfileSnapshot {
  /** The user, or undefined while loading. */
  me: Me | undefined;
  saving: boolean;
  /** Why the last save failed, or null. */
  error: string | null;
}

export interface ProfileModel extends Readable<ProfileSnapshot> {
  /** Saves name (trimmed) and color; resolves true when saved. */
  save(profile: { name: string; color: string }): Promise<boolean>;
  dispose(): void;
}

/** The signed-in user's profile until `dispose()`. */
export function createProfile(client: ClientForQueries): ProfileModel {
  const me = createQuery(client, api.users.me, {});
  const store = new Store<ProfileSnapshot>({ me: undefined, saving: false, error: null });
  const stop = me.subscribe(({ data }) => store.patch({ me: data }));
  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    async save(profile) {
      const name = profile.name.trim();
      const invalid = lengthErrorMessage("displayName", name);
      store.patch({ error: invalid });
      if (invalid !== null) return false;
      return attemptOk(store, { error: "error", busy: "saving" }, () =>
        client.mutation(api.users.updateProfile, { name, color: profile.color }),
      );
    },
    dispose() {
      stop();
      me.dispose();
      store.clear();
    },
  };
}

// Guest sign-in for tests and benches, which create many guests on one deployment.
import { RATE_WINDOW_MS } from "@rooms/domain";
import { AuthError } from "../auth-errors";
import type { AuthSession } from "../auth-session";

/**
 * `signInAsGuest`, waiting and trying again while the deployment refuses new guests
 * (GUEST_SIGN_UPS_PER_SECOND, shared by every test file and bench client on one deployment).
 */
export async function signInAsGuestPolitely(auth: AuthSession, attempts = 20): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await auth.signInAsGuest();
      return;
    } catch (error) {
      if (!(error instanceof AuthError) || error.code !== "tooManyAttempts" || attempt >= attempts)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, RATE_WINDOW_MS));
    }
  }
}

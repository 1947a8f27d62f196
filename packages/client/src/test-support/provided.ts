// What the integration project's global setup provides to the test files (`inject`).
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** The deployment URL of the local deployment global-setup.ts started. */
    convexUrl: string;
  }
}

// The suite's `test`: Playwright's, plus signed-in users, each in a browser context of their
// own (separate cookies and storage, so two users are two sessions of the app), and the skips
// listed in known-issues.ts. Specs import `test` and `expect` from here, never from
// @playwright/test.
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { testIds } from "@rooms/domain";
import { knownIssueFor } from "./known-issues";

export { expect };

export interface SignedInUser {
  /** Display name as the other users see it. */
  name: string;
  context: BrowserContext;
  page: Page;
}

export interface UserOptions {
  /** Sign up with this display name (email + password). Without it: "Continue as guest". */
  name?: string;
}

interface Fixtures {
  /** Signs in a new user in a new browser context; closed after the test. */
  user: (options?: UserOptions) => Promise<SignedInUser>;
  /** Two users with known names, signed up in separate contexts: the usual cast of a spec. */
  alice: SignedInUser;
  bob: SignedInUser;
  /** Skips the test when known-issues.ts lists it for this project (auto). */
  knownIssues: void;
}

/** A name no other test in this run uses: the backend is shared by the whole run. */
export function unique(prefix: string): string {
  return `${prefix} ${Math.random().toString(36).slice(2, 8)}`;
}

/** The email `signUp` gives the user named `name`. */
export function emailOf(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}@e2e.test`;
}

/** Signs up with email and password from "/", and waits for the lobby. */
export async function signUp(page: Page, name: string): Promise<void> {
  await page.goto("/");
  await page.getByTestId(testIds.signUpToggle).click();
  await page.getByTestId(testIds.signInName).fill(name);
  await page.getByTestId(testIds.signInEmail).fill(emailOf(name));
  await page.getByTestId(testIds.signInPassword).fill("correct horse battery");
  await page.getByTestId(testIds.signInSubmit).click();
  await expect(page.getByTestId(testIds.lobby)).toBeVisible();
}

/** "Continue as guest" from "/", and waits for the lobby. */
export async function signInAsGuest(page: Page): Promise<void> {
  await page.goto("/");
  await page.getByTestId(testIds.guestButton).click();
  await expect(page.getByTestId(testIds.lobby)).toBeVisible();
}

export const test = base.extend<Fixtures>({
  knownIssues: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function uses from its first parameter.
    async ({}, use, testInfo) => {
      const issue = knownIssueFor(testInfo.project.name, testInfo.titlePath.slice(1));
      testInfo.skip(issue !== undefined, issue?.reason);
      await use();
    },
    { auto: true },
  ],

  user: async ({ browser, baseURL }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (options = {}) => {
      const context = await browser.newContext({ baseURL });
      contexts.push(context);
      const page = await context.newPage();
      if (options.name === undefined) {
        await signInAsGuest(page);
        const name = await page.getByTestId(testIds.profileName).innerText();
        return { name: name.trim(), context, page };
      }
      await signUp(page, options.name);
      return { name: options.name, context, page };
    });
    for (const context of contexts) await context.close();
  },

  alice: async ({ user }, use) => {
    await use(await user({ name: unique("Alice") }));
  },

  bob: async ({ user }, use) => {
    await use(await user({ name: unique("Bob") }));
  },
});

// APP_SPEC.md § Routes and § Conventions (page titles): redirects both ways with `next`, the
// session being restored, a session that ends, sign out, unknown paths.
import { testIds } from "@rooms/domain";
import type { Page } from "@playwright/test";
import { createDocument, createRoom, signOut } from "../actions";
import { interceptSync, ofType } from "../sync";
import { expect, signInAsGuest, test, unique, emailOf } from "../fixtures";

const PASSWORD = "correct horse battery";

/** Path and query of the page's URL, e.g. "/rooms/abc?doc=def". */
function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

test.describe("Routes", () => {
  test("signed out, /rooms redirects to sign-in with next", async ({ page }) => {
    await page.goto("/rooms");
    await expect(page.getByTestId(testIds.signInForm)).toBeVisible();
    expect(new URL(page.url()).searchParams.get("next")).toBe("/rooms");
  });

  test("sign out lands on / without a next", async ({ alice }) => {
    await createRoom(alice.page, { name: unique("Leaving") });
    await signOut(alice.page);
    await expect.poll(() => pathOf(alice.page)).toBe("/");
    await expect(alice.page.getByTestId(testIds.signInError)).toHaveCount(0);
    // Signed out for good: the lobby sends back to sign-in.
    await alice.page.goto("/rooms");
    await expect(alice.page.getByTestId(testIds.signInForm)).toBeVisible();
    expect(new URL(alice.page.url()).searchParams.get("next")).toBe("/rooms");
  });

  test("signed in, / redirects to next when it is a /rooms path, else to /rooms", async ({
    alice,
  }) => {
    const { page } = alice;
    const roomId = await createRoom(page, { name: unique("Next") });
    await page.goto("/");
    await expect(page.getByTestId(testIds.lobby)).toBeVisible();
    await expect.poll(() => pathOf(page)).toBe("/rooms");

    await page.goto(`/?next=${encodeURIComponent(`/rooms/${roomId}`)}`);
    await expect(page.getByTestId(testIds.roomView)).toBeVisible();
    await expect.poll(() => pathOf(page)).toBe(`/rooms/${roomId}`);

    for (const next of ["https://example.com/rooms", "/elsewhere"]) {
      await page.goto(`/?next=${encodeURIComponent(next)}`);
      await expect(page.getByTestId(testIds.lobby)).toBeVisible();
      await expect.poll(() => pathOf(page)).toBe("/rooms");
    }
  });

  test("a signed-out deep link keeps its query in next and returns there after sign-in", async ({
    alice,
  }) => {
    const { page } = alice;
    const title = unique("Deep doc");
    await createRoom(page, { name: unique("Deep") });
    await createDocument(page, title);
    const deepLink = pathOf(page);
    expect(deepLink).toMatch(/^\/rooms\/[^/?]+\?doc=.+/);
    await signOut(page);

    await page.goto(deepLink);
    await expect(page.getByTestId(testIds.signInForm)).toBeVisible();
    expect(new URL(page.url()).searchParams.get("next")).toBe(deepLink);
    await page.getByTestId(testIds.signInEmail).fill(emailOf(alice.name));
    await page.getByTestId(testIds.signInPassword).fill(PASSWORD);
    await page.getByTestId(testIds.signInSubmit).click();
    await expect(page.getByTestId(testIds.documentTitle)).toHaveText(title);
    expect(pathOf(page)).toBe(deepLink);
  });

  test("while the session is restored only Loading… shows and nothing redirects", async ({
    page,
  }) => {
    const sync = await interceptSync(page);
    await signInAsGuest(page);
    // Reload with the server's answers held: the stored session cannot be confirmed yet.
    const answers = sync.holdServer();
    const authenticating = sync.sent(ofType("Authenticate"));
    await page.reload();
    await authenticating;
    const loading = page.getByRole("status").filter({ hasText: "Loading…" });
    await expect(loading).toHaveText("Loading…");
    await expect(page.getByTestId(testIds.signInForm)).toHaveCount(0);
    await expect(page.getByTestId(testIds.lobby)).toHaveCount(0);
    expect(pathOf(page)).toBe("/rooms");

    answers.release();
    await expect(page.getByTestId(testIds.lobby)).toBeVisible();
    await expect(loading).toHaveCount(0);
    expect(pathOf(page)).toBe("/rooms");
  });

  test("a session signed out in another tab sends this tab to / with the reason", async ({
    alice,
  }) => {
    const other = await alice.context.newPage();
    await other.goto("/rooms");
    await expect(other.getByTestId(testIds.lobby)).toBeVisible();
    await createRoom(other, { name: unique("Other tab") });

    await signOut(alice.page);
    await expect(other.getByTestId(testIds.signInError)).toHaveText(
      "Your session has ended. Please sign in again.",
    );
    await expect(other.getByTestId(testIds.signInForm)).toBeVisible();
    expect(new URL(other.url()).pathname).toBe("/");
    // Editing a field dismisses it, as any sign-in error.
    await other.getByTestId(testIds.signInEmail).fill("a");
    await expect(other.getByTestId(testIds.signInError)).toHaveCount(0);
  });

  test("an unknown path shows Page not found with a link back", async ({ page }) => {
    await page.goto("/no/such/page");
    await expect(page.getByText("Page not found.")).toBeVisible();
    const back = page.getByRole("link", { name: "Back to rooms" });
    await expect(back).toHaveAttribute("href", "/rooms");
    await back.click();
    // Signed out: the lobby link leads to sign-in, remembering where it was going.
    await expect(page.getByTestId(testIds.signInForm)).toBeVisible();
    expect(new URL(page.url()).searchParams.get("next")).toBe("/rooms");
  });
});

test.describe("Conventions", () => {
  test("page titles: Rooms on / and /rooms, <room name> · Rooms in a room", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId(testIds.signInForm)).toBeVisible();
    await expect(page).toHaveTitle("Rooms");
    await signInAsGuest(page);
    await expect(page).toHaveTitle("Rooms");
    const name = unique("Titled");
    await createRoom(page, { name });
    await expect(page).toHaveTitle(`${name} · Rooms`);
    await page.getByTestId(testIds.backToLobby).click();
    await expect(page.getByTestId(testIds.lobby)).toBeVisible();
    await expect(page).toHaveTitle("Rooms");
  });

  test("every page has the Rooms icon inline, and loading / fails no request", async ({ page }) => {
    const failed: string[] = [];
    page.on("response", (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto("/");
    await expect(page.getByTestId(testIds.signInForm)).toBeVisible();
    await expect(page.locator('link[rel="icon"]')).toHaveAttribute(
      "href",
      /^data:image\/svg\+xml,/,
    );
    await page.waitForLoadState("networkidle");
    expect(failed).toEqual([]);
  });
});

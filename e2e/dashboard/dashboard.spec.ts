// The local deployment's dashboard (apps/dashboard), served by the e2e deployment at /dashboard/
// and signed in with its admin key: every page's main flow against the Rooms functions.
import { expect, test, type Page } from "@playwright/test";

const deploymentUrl = process.env.ROOMS_E2E_CONVEX_URL!;
const adminKey = process.env.ROOMS_E2E_ADMIN_KEY!;
const dashboardLink = `${deploymentUrl}/dashboard/#key=${encodeURIComponent(adminKey)}`;

async function open(page: Page, section: string) {
  await page.goto(dashboardLink);
  await expect(page.getByRole("heading", { name: "Health" })).toBeVisible();
  await page.getByRole("navigation").getByRole("link", { name: section }).click();
  await expect(page.getByRole("heading", { name: section, level: 1 })).toBeVisible();
}

test.describe("dashboard", () => {
  test("refuses a wrong admin key and signs in with the printed link, keeping the key out of the URL", async ({
    page,
  }) => {
    await page.goto(`${deploymentUrl}/dashboard/`);
    await page.getByLabel("Admin key").fill("not-the-key");
    await page.getByRole("button", { name: "Open dashboard" }).click();
    await expect(page.getByRole("alert")).toHaveText("This deployment refused that admin key.");

    await page.goto(dashboardLink);
    await expect(page.getByRole("heading", { name: "Health" })).toBeVisible();
    expect(page.url()).not.toContain(adminKey);
    // The dashboard's own WebSocket is one connected socket.
    await expect(page.getByTestId("metric-Connected sockets")).toHaveText(/^[1-9]\d*$/);
    await expect(page.getByTestId("commit-ts")).toHaveText(/^\d+ \(/);
  });

  test("tables: insert, filter, edit, a schema error, delete", async ({ page }) => {
    await open(page, "Data");
    await page
      .getByRole("list", { name: "Tables" })
      .getByRole("button", { name: "sweeps" })
      .click();
    await expect(page.getByRole("heading", { name: "sweeps" })).toBeVisible();

    await page.getByRole("button", { name: "Add document" }).click();
    await page.getByLabel("Document JSON").fill('{"name": "dashboard-e2e", "through": 1}');
    await page.getByRole("button", { name: "Save" }).click();
    const row = page.getByTestId("document").filter({ hasText: '"dashboard-e2e"' });
    await expect(row).toContainText('"through": 1');

    await page.locator("summary", { hasText: "Filter" }).click();
    await page.getByRole("button", { name: "Add condition" }).click();
    await page.getByLabel("Field").fill("name");
    await page.getByLabel("Value (JSON)").fill('"dashboard-e2e"');
    await page.getByRole("button", { name: "Apply filter" }).click();
    await expect(page.getByTestId("document")).toHaveCount(1);

    await row.getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Document JSON").fill('{"name": "dashboard-e2e", "through": 2}');
    await page.getByRole("button", { name: "Save" }).click();
    await expect(row).toContainText('"through": 2');

    await row.getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Document JSON").fill('{"name": 5, "through": 2}');
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("alert")).toContainText("does not match the schema");
    await page.getByRole("button", { name: "Cancel" }).click();

    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText("No documents match the filter.")).toBeVisible();
    await expect(page.getByText("by_name")).toBeVisible();
  });

  test("functions: run a query as admin and as a chosen identity; logs show the executions", async ({
    page,
  }) => {
    await open(page, "Functions");
    await page.getByRole("button", { name: "users:identity", exact: true }).click();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect(page.getByTestId("run-result")).toHaveText("null");

    await page.getByLabel("Identity").fill('{"subject": "dash-user", "issuer": "https://dash"}');
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect(page.getByTestId("run-result")).toContainText('"subject": "dash-user"');

    await page.getByRole("navigation").getByRole("link", { name: "Logs" }).click();
    await page.getByLabel("Filter logs").fill("users:identity");
    await expect(page.getByTestId("execution").first()).toContainText("Q users:identity");
    await page.getByLabel("Status").selectOption("failure");
    await expect(page.getByText("No execution matches the filter.")).toBeVisible();
  });

  test("environment variables: set and remove", async ({ page }) => {
    await open(page, "Environment variables");
    await page.getByLabel("Name").fill("DASHBOARD_E2E");
    await page.getByLabel("Value").fill("on");
    await page.getByRole("button", { name: "Set" }).click();
    const row = page.getByTestId("env-var").filter({ hasText: "DASHBOARD_E2E" });
    await expect(row).toContainText("on");
    await row.getByRole("button", { name: "Remove" }).click();
    await expect(row).toHaveCount(0);
  });

  test("files: upload an image, preview it, delete it", async ({ page }) => {
    await open(page, "Files");
    await expect(page.getByText("Loading files…")).toHaveCount(0);
    // Other specs' files are listed too (newest first): count them before the upload.
    const before = await page.getByTestId("file").count();
    // A 1×1 PNG.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    await page.getByLabel("Upload a file").setInputFiles({
      name: "dot.png",
      mimeType: "image/png",
      buffer: png,
    });
    await expect(page.getByTestId("file")).toHaveCount(before + 1);
    const row = page.getByTestId("file").first();
    await expect(row).toContainText("image/png");
    await expect(row.getByRole("img")).toHaveJSProperty("naturalWidth", 1);
    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByTestId("file")).toHaveCount(before);
  });

  test("schedules: the Rooms crons with their next run", async ({ page }) => {
    await open(page, "Schedules");
    await expect(page.getByTestId("cron").filter({ hasText: "sweep presence" })).toContainText(
      "presence:sweep",
    );
  });
});

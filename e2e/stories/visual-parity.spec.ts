/**
 * Visual parity of the two Storybooks: both apps define the same stories (one definition each in
 * `@rooms/stories`, held equal by scripts/check-stories.mjs), so each story should look the same
 * in both. Every story is rendered from each app's static Storybook (`build-storybook`, served on
 * 127.0.0.1) in one Chromium at 1024 × 768, after its play function has finished, and the two
 * full-page screenshots are compared with pixelmatch (per-pixel colour threshold 0.1, anti-aliased
 * pixels not counted). Sizes that differ count the uncovered area as different.
 *
 * A pair fails when more than MAX_DIFF_RATIO of its pixels differ (see the constant). Each
 * comparison is written to `reports/story-parity/` (a JSON line per story; the two screenshots
 * and the diff for pairs that differ at all), which `pnpm compare` shows in its report.
 */
import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import { crossAppPair } from "../apps";
import { serveStatic, type StaticServer } from "../static-server";

/**
 * Most pixels of a story pair that may differ (share of the larger page): 0.05 %, about 390
 * pixels of a 1024 × 768 page. Both apps load one stylesheet (@rooms/theme) and render one DOM
 * contract, and in one Chromium they render pixel-identical: on 2026-12-03, 104 of 105 pairs had
 * no differing pixel, and the one that did was a real difference (a 2-pixel focus ring around a
 * field, 0.33 % of the page; fixed). The allowance absorbs a stray anti-aliased glyph edge; a
 * focus ring, a missing element, a colour or a shifted block exceeds it.
 */
export const MAX_DIFF_RATIO = 0.0005;

const root = path.resolve(import.meta.dirname, "..", "..");
const outDir = path.join(root, "reports", "story-parity");
const staticDirOf = (app: string) => path.join(root, "apps", app, "storybook-static");

type IndexEntry = { id: string; title: string; name: string; type: string };
function storiesOf(app: string): IndexEntry[] | null {
  const file = path.join(staticDirOf(app), "index.json");
  if (!fs.existsSync(file)) return null;
  const index = JSON.parse(fs.readFileSync(file, "utf8")) as {
    entries: Record<string, IndexEntry>;
  };
  return Object.values(index.entries).filter((entry) => entry.type === "story");
}

const [leftApp, rightApp] = crossAppPair;
const left = storiesOf(leftApp);
const right = storiesOf(rightApp);
const servers: Record<string, StaticServer> = {};

test.beforeAll(async () => {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  for (const app of crossAppPair)
    servers[app] = await serveStatic(staticDirOf(app), 0, "index.html");
});

test.afterAll(async () => {
  for (const server of Object.values(servers)) await server.close();
});

test("both Storybooks are built and show the same stories", () => {
  expect(left, `run build-storybook in apps/${leftApp}`).not.toBeNull();
  expect(right, `run build-storybook in apps/${rightApp}`).not.toBeNull();
  const ids = (entries: IndexEntry[] | null) => (entries ?? []).map((e) => e.id).sort();
  expect(ids(right)).toEqual(ids(left));
});

/** The story rendered in `app`'s Storybook once its play function has finished; a PNG. */
async function render(page: Page, app: string, id: string): Promise<Buffer> {
  await page.goto(`${servers[app]!.url}/iframe.html?id=${encodeURIComponent(id)}&viewMode=story`);
  const phase = await page
    .waitForFunction(
      () => {
        const render = (
          window as unknown as {
            __STORYBOOK_PREVIEW__?: { currentRender?: { phase?: string } };
          }
        ).__STORYBOOK_PREVIEW__?.currentRender;
        const done = ["finished", "completed", "errored", "aborted"];
        return render?.phase !== undefined && done.includes(render.phase) ? render.phase : false;
      },
      undefined,
      { timeout: 30_000 },
    )
    .then((handle) => handle.jsonValue());
  expect(phase, `${app}: story ${id} did not render`).not.toBe("errored");
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page.screenshot({ fullPage: true, animations: "disabled", caret: "hide" });
}

/** `png` on a white canvas of `width` × `height` (the area it does not cover stays white). */
function padded(png: PNG, width: number, height: number): PNG {
  if (png.width === width && png.height === height) return png;
  const out = new PNG({ width, height });
  out.data.fill(255);
  PNG.bitblt(png, out, 0, 0, png.width, png.height, 0, 0);
  return out;
}

for (const story of left ?? []) {
  test(`${story.title} › ${story.name} looks the same in both apps`, async ({ page }) => {
    test.skip(!right?.some((entry) => entry.id === story.id), "missing from one Storybook");
    const shots = {
      [leftApp]: PNG.sync.read(await render(page, leftApp, story.id)),
      [rightApp]: PNG.sync.read(await render(page, rightApp, story.id)),
    };
    const a = shots[leftApp]!;
    const b = shots[rightApp]!;
    const width = Math.max(a.width, b.width);
    const height = Math.max(a.height, b.height);
    const diff = new PNG({ width, height });
    const changed = pixelmatch(
      padded(a, width, height).data,
      padded(b, width, height).data,
      diff.data,
      width,
      height,
      { threshold: 0.1 },
    );
    const ratio = changed / (width * height);
    const record = {
      id: story.id,
      title: story.title,
      name: story.name,
      width,
      height,
      sizes: { [leftApp]: [a.width, a.height], [rightApp]: [b.width, b.height] },
      differentPixels: changed,
      ratio,
    };
    fs.appendFileSync(path.join(outDir, "results.jsonl"), `${JSON.stringify(record)}\n`);
    if (changed > 0) {
      fs.writeFileSync(path.join(outDir, `${story.id}.${leftApp}.png`), PNG.sync.write(a));
      fs.writeFileSync(path.join(outDir, `${story.id}.${rightApp}.png`), PNG.sync.write(b));
      fs.writeFileSync(path.join(outDir, `${story.id}.diff.png`), PNG.sync.write(diff));
    }
    expect(
      ratio,
      `${(ratio * 100).toFixed(2)} % of pixels differ (${changed}); see reports/story-parity/${story.id}.diff.png`,
    ).toBeLessThanOrEqual(MAX_DIFF_RATIO);
  });
}

// What each app costs to load, in Chromium, every app in the same run on the same deployment:
//
// - Size per route (sign-in, lobby, a document room, a whiteboard room): every script and
//   stylesheet the page requests on a full load of that route, as the browser received them
//   (response bodies), compressed here with gzip (level 9) and brotli (quality 11), and the
//   number of requests. Measured in the browser, so it is what a user downloads, whatever
//   each bundler's chunking.
// - Time to data: navigation → the lobby's first room card; navigation → a room's header and
//   chat loaded; RUNS runs each, interleaved across apps, medians.
import zlib from "node:zlib";
import { testIds } from "@rooms/domain";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { apps, appUrl } from "../apps";
import { signInAsGuest } from "../fixtures";
import { median, printTable, scriptedMember, writeFigures, type Figure } from "./support";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Asset {
  type: "js" | "css";
  raw: number;
  gzip: number;
  brotli: number;
}

const compressed = new Map<string, Asset>();

/** Every script and stylesheet `load` makes the page request. */
async function assetsOf(page: Page, load: () => Promise<void>): Promise<Asset[]> {
  const pending: Promise<Asset | null>[] = [];
  const listener = (response: import("@playwright/test").Response) => {
    const type = response.request().resourceType();
    if (type !== "script" && type !== "stylesheet") return;
    pending.push(
      response.body().then(
        (body) => {
          const key = `${response.url()}#${body.length}`;
          const known = compressed.get(key);
          if (known) return known;
          const asset: Asset = {
            type: type === "script" ? "js" : "css",
            raw: body.length,
            gzip: zlib.gzipSync(body, { level: 9 }).length,
            brotli: zlib.brotliCompressSync(body, {
              params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
            }).length,
          };
          compressed.set(key, asset);
          return asset;
        },
        () => null,
      ),
    );
  };
  page.on("response", listener);
  await load();
  await page.waitForLoadState("networkidle");
  page.off("response", listener);
  return (await Promise.all(pending)).filter((asset) => asset !== null);
}

const sum = (assets: Asset[], type: Asset["type"], key: "raw" | "gzip" | "brotli") =>
  assets.filter((a) => a.type === type).reduce((total, a) => total + a[key], 0) / 1024;

test("app load cost per app", async ({ browser }) => {
  const member = await scriptedMember();
  const documentRoom = await member.createRoom("document");
  const boardRoom = await member.createRoom("whiteboard");
  const routes = [
    { name: "sign-in", path: "/", signedIn: false, ready: testIds.signInForm },
    { name: "lobby", path: "/rooms", signedIn: true, ready: testIds.roomCard },
    {
      name: "document room",
      path: `/rooms/${documentRoom}`,
      signedIn: true,
      ready: testIds.documentPanel,
    },
    {
      name: "whiteboard room",
      path: `/rooms/${boardRoom}`,
      signedIn: true,
      ready: testIds.boardCanvas,
    },
  ] as const;

  const sizes = new Map<string, Map<string, Asset[]>>();
  const timings = new Map(
    apps.map((app) => [app.name, { lobby: [] as number[], room: [] as number[] }]),
  );
  const contexts = new Map<string, BrowserContext>();
  for (const app of apps) {
    console.log(`${app.name}: sizes per route`);
    const byRoute = new Map<string, Asset[]>();
    for (const route of routes) {
      // A fresh context per route: nothing cached from another route.
      const context = await browser.newContext({ baseURL: appUrl(app) });
      const page = await context.newPage();
      if (route.signedIn) await signInAsGuest(page);
      const measured = await context.newPage();
      const assets = await assetsOf(measured, async () => {
        await measured.goto(route.path);
        await expect(measured.getByTestId(route.ready).first()).toBeVisible();
      });
      byRoute.set(route.name, assets);
      await context.close();
    }
    sizes.set(app.name, byRoute);
    const context = await browser.newContext({ baseURL: appUrl(app) });
    await signInAsGuest(await context.newPage());
    contexts.set(app.name, context);
  }

  for (let run = 0; run < RUNS; run++) {
    for (const app of apps) {
      const page = await contexts.get(app.name)!.newPage();
      let start = Date.now();
      await page.goto("/rooms");
      await expect(page.getByTestId(testIds.roomCard).first()).toBeVisible();
      const lobby = Date.now() - start;
      start = Date.now();
      await page.goto(`/rooms/${documentRoom}`);
      await expect(page.getByTestId(testIds.roomHeader)).toBeVisible();
      await expect(page.getByTestId(testIds.messageList)).not.toHaveAttribute("aria-busy", "true");
      const room = Date.now() - start;
      timings.get(app.name)!.lobby.push(lobby);
      timings.get(app.name)!.room.push(room);
      await page.close();
      console.log(`run ${run + 1}/${RUNS} ${app.name}: lobby ${lobby} ms, room ${room} ms`);
    }
  }
  for (const context of contexts.values()) await context.close();
  await member.client.close();

  const perApp = (value: (name: string) => number[], summarise = median): Figure["values"] =>
    Object.fromEntries(
      apps.map((app) => {
        const samples = value(app.name);
        return [app.name, { value: summarise(samples), samples }];
      }),
    );
  const only = (samples: readonly number[]) => samples[0]!;
  const table: Figure[] = [];
  for (const route of routes) {
    const assets = (name: string) => sizes.get(name)!.get(route.name)!;
    for (const [type, label] of [
      ["js", "JS"],
      ["css", "CSS"],
    ] as const) {
      for (const key of ["gzip", "brotli"] as const) {
        table.push({
          label: `${route.name}: ${label} ${key}`,
          unit: "KB",
          values: perApp((name) => [sum(assets(name), type, key)], only),
        });
      }
    }
    table.push({
      label: `${route.name}: JS uncompressed`,
      unit: "KB",
      values: perApp((name) => [sum(assets(name), "js", "raw")], only),
    });
    table.push({
      label: `${route.name}: script and stylesheet requests`,
      unit: "count",
      values: perApp((name) => [assets(name).length], only),
    });
  }
  table.push({
    label: "Lobby: navigation → first room card, median",
    unit: "ms",
    values: perApp((name) => timings.get(name)!.lobby),
  });
  table.push({
    label: "Room entry: navigation → header and chat loaded, median",
    unit: "ms",
    values: perApp((name) => timings.get(name)!.room),
  });
  printTable(
    `App load bench: sizes per route, ${RUNS} timed runs per app`,
    apps.map((app) => app.name),
    table,
  );
  await writeFigures("app-load", table);
});

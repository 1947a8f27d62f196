/**
 * Child process: the deployment under test, from the compiled dist/ (what `bin/local-deployment.mjs`
 * runs), on free ports. argv: dataDir adminKey. Started with --expose-gc so `mem` can report RSS
 * after a full collection.
 *
 * IPC: → {type: "ready", url}; ← {type: "mem"} → {type: "mem", rss, heapUsed, external};
 * ← {type: "stop"}: closes the deployment and exits (writing a --cpu-prof profile if enabled).
 */
import { memoryAfterGc } from "./gc.js";

type DeploymentModule = typeof import("../../src/deployment.js");
const { LocalDeployment } = (await import(new URL("../../dist/deployment.js", import.meta.url).href)) as DeploymentModule;

const [dataDir, adminKey] = process.argv.slice(2);
const deployment = await LocalDeployment.start({ port: 0, sitePort: 0, dataDir: dataDir!, adminKey: adminKey! });
process.send!({ type: "ready", url: deployment.cloudUrl });

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await deployment.close();
  process.exit(0);
}

process.on("message", (m: { type: string }) => {
  if (m.type === "mem") void memoryAfterGc().then((mem) => process.send!({ type: "mem", ...mem }));
  if (m.type === "stop") void stop();
});
process.on("SIGTERM", () => void stop());
// The orchestrator died: do not linger.
process.on("disconnect", () => void stop());

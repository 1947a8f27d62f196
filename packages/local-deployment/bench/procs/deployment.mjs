// Child process: the deployment under test, from the compiled dist/ (what bin/local-deployment.mjs
// runs), on free ports. argv: dataDir adminKey. Plain JS, so the process runs without the tsx
// loader, exactly like the real CLI; started with --expose-gc so `mem` can report RSS after a
// full collection.
//
// IPC: → {type: "ready", url}; ← {type: "mem"} → {type: "mem", rss, heapUsed, external};
// ← {type: "cpu"} → {type: "cpu", user, system} (process.cpuUsage(), µs);
// ← {type: "env", vars: {name: value}} → {type: "env-set"} (deployment environment variables);
// ← {type: "stop"} (or SIGTERM, or the orchestrator going away): closes the deployment and exits
// normally, which also writes the --cpu-prof profile when enabled.
import { LocalDeployment } from "../../dist/deployment.js";
import { memoryAfterGc } from "./gc.mjs";

const [dataDir, adminKey] = process.argv.slice(2);
const deployment = await LocalDeployment.start({ port: 0, sitePort: 0, dataDir, adminKey });
process.send({ type: "ready", url: deployment.cloudUrl });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await deployment.close();
  process.exit(0);
}

process.on("message", (m) => {
  if (m.type === "mem") void memoryAfterGc().then((mem) => process.send({ type: "mem", ...mem }));
  if (m.type === "cpu") process.send({ type: "cpu", ...process.cpuUsage() });
  if (m.type === "env") {
    deployment.updateEnvironmentVariables(
      Object.entries(m.vars).map(([name, value]) => ({ name, value })),
    );
    process.send({ type: "env-set" });
  }
  if (m.type === "stop") void stop();
});
process.on("SIGTERM", () => void stop());
process.on("disconnect", () => void stop());

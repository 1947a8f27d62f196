// Vitest global setup of the integration project: one local deployment for every integration
// test file, with the repository's own convex/ pushed by the real CLI, as `pnpm dev` does.
// Files share it and stay apart by creating their own users and rooms.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { LocalDeployment } from "@rooms/local-deployment";
import "./provided";
import { pushRootProject } from "./push";

export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-client-"));
  const dep = await LocalDeployment.start({
    port: 0,
    sitePort: 0,
    dataDir,
    adminKey: "rooms-client-test-admin-key",
  });
  try {
    // Before the push: auth.ts signs with the keys, auth.config.ts reads the site URL.
    dep.ensureConvexAuthKeys();
    await pushRootProject(dep);
  } catch (error) {
    await dep.close();
    throw error;
  }
  project.provide("convexUrl", dep.cloudUrl);
  return async () => {
    await dep.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

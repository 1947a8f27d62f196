// Pushes the repository's convex/ folder to a deployment with the real `convex` CLI
// (`convex dev --once`, @rooms/local-deployment/testing). Used by the integration tests' global
// setup and by bench/room.ts; the developer's .env.local is left as it was.
import { pushWithCli, type DeploymentAddress } from "@rooms/local-deployment/testing";
import { fileURLToPath } from "node:url";

/** The repository root: the project whose `convex/` folder the apps use. */
export const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export async function pushRootProject(deployment: DeploymentAddress): Promise<void> {
  await pushWithCli(deployment, ROOT);
}

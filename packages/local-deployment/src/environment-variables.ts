/**
 * Deployment environment variables (`npx convex env`, the dashboard): kept in the data dir's
 * `meta` row `environment_variables` as a JSON object of strings. Functions see them as
 * `process.env`, plus `CONVEX_CLOUD_URL` and `CONVEX_SITE_URL`, as on Convex.
 */
import { generateConvexAuthKeys } from "./convex-auth.js";
import type { Persistence } from "./storage/persistence.js";

export class EnvironmentVariables {
  /** What functions see: the variables plus the deployment's URLs (rebuilt on every change). */
  private forFunctions: Record<string, string>;
  private urls = { cloud: "", site: "" };

  constructor(private readonly persistence: Persistence) {
    this.forFunctions = this.all();
  }

  /** Every variable, by name. */
  all(): Record<string, string> {
    const saved = this.persistence.getMeta("environment_variables");
    return saved === null ? {} : (JSON.parse(saved) as Record<string, string>);
  }

  /** `process.env` of functions. */
  functionEnvironment(): Record<string, string> {
    return this.forFunctions;
  }

  /** Sets the URLs functions see as CONVEX_CLOUD_URL and CONVEX_SITE_URL. */
  setUrls(cloud: string, site: string): void {
    this.urls = { cloud, site };
    this.refresh();
  }

  /** Applies `changes` in order (`value: null` removes the variable) and saves them. */
  update(changes: { name: string; value: string | null }[]): void {
    const env = this.all();
    for (const { name, value } of changes) {
      if (value === null) delete env[name];
      else env[name] = value;
    }
    this.persistence.setMeta("environment_variables", JSON.stringify(env));
    this.refresh();
  }

  /**
   * The changes that give Convex Auth its JWT_PRIVATE_KEY and JWKS once per data dir (kept when
   * present), and SITE_URL when given and different; empty when nothing is missing.
   */
  convexAuthChanges(siteUrl?: string): { name: string; value: string }[] {
    const env = this.all();
    const changes: { name: string; value: string }[] = [];
    if (env.JWT_PRIVATE_KEY === undefined || env.JWKS === undefined) {
      for (const [name, value] of Object.entries(generateConvexAuthKeys()))
        changes.push({ name, value });
    }
    if (siteUrl !== undefined && env.SITE_URL !== siteUrl)
      changes.push({ name: "SITE_URL", value: siteUrl });
    return changes;
  }

  private refresh(): void {
    this.forFunctions = {
      ...this.all(),
      CONVEX_CLOUD_URL: this.urls.cloud,
      CONVEX_SITE_URL: this.urls.site,
    };
  }
}

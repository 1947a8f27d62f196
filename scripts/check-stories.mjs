// The two Storybooks show the same stories: every story id (title + export name) in
// apps/svelte/storybook-static/index.json is in apps/vue/storybook-static/index.json and back.
// Run after both `build-storybook` tasks (apps/vue's `test` runs it; see apps/vue/turbo.json).
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const apps = ["svelte", "vue"];

const storiesOf = (app) => {
  const file = join(root, "apps", app, "storybook-static", "index.json");
  let index;
  try {
    index = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    console.error(`check-stories: cannot read ${file} (run build-storybook first): ${error}`);
    process.exit(1);
  }
  return new Set(
    Object.values(index.entries)
      .filter((entry) => entry.type === "story")
      .map((entry) => `${entry.title} / ${entry.name} (${entry.id})`),
  );
};

const [svelte, vue] = apps.map(storiesOf);
const missing = [
  ...[...svelte].filter((s) => !vue.has(s)).map((s) => `missing in vue: ${s}`),
  ...[...vue].filter((s) => !svelte.has(s)).map((s) => `missing in svelte: ${s}`),
];
if (missing.length > 0) {
  console.error(missing.join("\n"));
  process.exit(1);
}
console.log(`check-stories: ${svelte.size} stories, the same in both Storybooks.`);

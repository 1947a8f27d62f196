// Story parity, without building Storybook (runs in `pnpm lint`). Every story is written once in
// packages/stories/src/<feature>/<Component>.ts; each app's <Component>.stories.ts only binds its
// component. This reads both apps' story files and each shared module with TypeScript's parser
// and fails unless, for every component:
//   - both apps have the story file, and no app has one the other lacks;
//   - the file holds only the binding: `import * as stories from "@rooms/stories/<feature>/
//     <Component>"`, `export default { title, component, args: stories.args }` (and
//     `parameters: stories.parameters` when the module has them), and `export const X =
//     stories.X` for each story (defined in the file: Storybook's test transform refuses
//     re-exported stories);
//   - the title is the same in both apps, the component is the local import;
//   - the re-exported names are exactly the module's stories (`export const X: Story<Args>`),
//     so ids, args and play functions are the same objects in both Storybooks.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const root = join(import.meta.dirname, "..");
const apps = {
  svelte: join(root, "apps/svelte/src/lib/features"),
  vue: join(root, "apps/vue/src/features"),
};
const shared = join(root, "packages/stories/src");
const problems = [];

const parse = (file) =>
  ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);

/** `<feature>/<Component>` of every *.stories.ts under `dir`. */
function storyFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((feature) =>
      readdirSync(join(dir, feature.name))
        .filter((name) => name.endsWith(".stories.ts"))
        .map((name) => `${feature.name}/${name.slice(0, -".stories.ts".length)}`),
    );
}

/** The shared module's story names (`export const X: Story<Args>`) and whether it has parameters. */
function sharedStories(key) {
  const file = join(shared, `${key}.ts`);
  if (!existsSync(file)) return null;
  const names = [];
  let parameters = false;
  for (const statement of parse(file).statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const name = declaration.name.getText();
      if (name === "parameters") parameters = true;
      const type = declaration.type?.getText() ?? "";
      if (/^Story<.*>$/.test(type)) names.push(name);
    }
  }
  return { names, parameters };
}

/** What one app's story file binds: title, meta fields, exported stories. */
function binding(file, key) {
  const source = parse(file);
  const where = relative(root, file);
  const result = { title: null, exports: [], args: false, parameters: false };
  const component = key.split("/")[1];
  const shared = `@rooms/stories/${key}`;
  let namespace = null;
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const from = statement.moduleSpecifier.text;
      if (!from.startsWith("@rooms/stories")) continue;
      const bindings = statement.importClause?.namedBindings;
      if (from !== shared || !bindings || !ts.isNamespaceImport(bindings)) {
        problems.push(`${where}: import * as stories from "${shared}" (found ${from})`);
      } else namespace = bindings.name.text;
    } else if (ts.isExportAssignment(statement)) {
      let object = statement.expression;
      if (ts.isSatisfiesExpression(object)) object = object.expression;
      if (!ts.isObjectLiteralExpression(object)) {
        problems.push(`${where}: export default is not an object literal`);
        continue;
      }
      for (const property of object.properties) {
        const name = property.name?.getText();
        const value = ts.isPropertyAssignment(property) ? property.initializer.getText() : "";
        if (name === "title") result.title = value;
        else if (name === "component") {
          if (value !== component) {
            problems.push(`${where}: component is ${value}, expected ${component}`);
          }
        } else if (name === "args" || name === "parameters") {
          if (value !== `${namespace}.${name}`) {
            problems.push(`${where}: meta.${name} must be ${namespace}.${name} (found ${value})`);
          }
          result[name] = true;
        } else problems.push(`${where}: meta.${name} belongs in packages/stories/src/${key}.ts`);
      }
    } else if (
      ts.isVariableStatement(statement) &&
      statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    ) {
      for (const declaration of statement.declarationList.declarations) {
        const name = declaration.name.getText();
        if (declaration.initializer?.getText() !== `${namespace}.${name}`) {
          problems.push(`${where}: export ${name} must be ${namespace}.${name}`);
        }
        result.exports.push(name);
      }
    } else {
      problems.push(
        `${where}: only the binding belongs here (${statement.getText().slice(0, 40)}…)`,
      );
    }
  }
  return result;
}

const keys = Object.fromEntries(Object.entries(apps).map(([app, dir]) => [app, storyFiles(dir)]));
const all = new Set([...keys.svelte, ...keys.vue]);
let stories = 0;
for (const key of [...all].sort()) {
  const missing = Object.keys(apps).filter((app) => !keys[app].includes(key));
  if (missing.length > 0) {
    problems.push(`${key}: no story file in ${missing.join(", ")}`);
    continue;
  }
  const module = sharedStories(key);
  if (!module) {
    problems.push(`${key}: packages/stories/src/${key}.ts is missing`);
    continue;
  }
  const bound = Object.entries(apps).map(([app, dir]) => [
    app,
    binding(join(dir, `${key}.stories.ts`), key),
  ]);
  const [[, first], [, second]] = bound;
  if (first.title === null || first.title !== second.title) {
    problems.push(`${key}: titles differ or are missing (${first.title} / ${second.title})`);
  }
  for (const [app, b] of bound) {
    const expected = [...module.names].sort().join(", ");
    const found = [...b.exports].sort().join(", ");
    if (expected !== found) problems.push(`${key} (${app}): exports ${found}; stories ${expected}`);
    if (!b.args) problems.push(`${key} (${app}): meta.args must be stories.args`);
    if (module.parameters && !b.parameters) {
      problems.push(`${key} (${app}): meta.parameters must be stories.parameters`);
    }
  }
  stories += module.names.length;
}

if (problems.length > 0) {
  console.error(`check-stories:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`check-stories: ${all.size} components, ${stories} stories, bound alike in both apps.`);

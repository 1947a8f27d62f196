/**
 * Canonical function paths, as the client computes them: `"dir/mod:fn"`; a path without `:` names
 * the module's default export (`"dir/mod:default"`); a `.js` suffix on the module is dropped
 * (source: convex@1.48 browser/sync/udf_path_utils.ts canonicalizeUdfPath).
 */
export function canonicalUdfPath(udfPath: string): string {
  const colon = udfPath.indexOf(":");
  let module = colon < 0 ? udfPath : udfPath.slice(0, colon);
  const name = colon < 0 ? "default" : udfPath.slice(colon + 1);
  if (module.endsWith(".js")) module = module.slice(0, -3);
  return `${module}:${name}`;
}

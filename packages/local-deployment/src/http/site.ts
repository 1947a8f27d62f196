/**
 * The site port: serves the `HttpRouter` default-exported by `convex/http.ts`
 * (source: convex@1.48 server/router.ts; convex-protocol.md §f). Exact paths win over the longest
 * matching prefix (the router's own `lookup`); HEAD is routed as GET; no match is a 404 with the
 * router's own message. Bodies stream in both directions; responses over 20 MiB are cut off with
 * an error, the official limit.
 */
import type http from "node:http";
import { Readable } from "node:stream";
import type { FunctionRunner } from "../runtime/runner.js";
import { sendText } from "./util.js";
import type { UserIdentity } from "../runtime/identity.js";
import { AuthenticationError } from "../auth/errors.js";

/** Official HTTP action response limit (Convex docs "Limits": 20 MiB). */
export const MAX_HTTP_RESPONSE_BYTES = 20 * 1024 * 1024;

interface Router {
  lookup(
    path: string,
    method: string,
  ): [{ invokeHttpAction: (r: Request) => Promise<Response> }, string, string] | null;
}

export async function serveHttpAction(
  runner: FunctionRunner,
  router: unknown,
  siteUrl: string,
  verifyToken: (token: string) => Promise<UserIdentity>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", siteUrl || "http://localhost");
  const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
  const match = (router as Router | null)?.lookup(url.pathname, method) ?? null;
  if (match === null) {
    sendText(res, 404, `No HttpAction routed for ${url.pathname}`);
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = method !== "GET" && method !== "HEAD";
  const request = new Request(url, {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
  // A valid Bearer token sets the identity. A refused one, or an Authorization header that is
  // not `Bearer <token>`, does not refuse the request: the handler runs, and
  // `ctx.auth.getUserIdentity()` throws why (as Convex's HTTP actions do: InvalidAuthHeader).
  const authorization = req.headers.authorization?.trim();
  const bearer = /^bearer\s+(.+)$/i.exec(authorization ?? "");
  const identity =
    authorization === undefined || authorization === ""
      ? null
      : bearer === null
        ? new AuthenticationError(
            "InvalidAuthHeader",
            "Couldn't parse the Authorization header: expected `Bearer <token>`.",
          )
        : await verifyToken(bearer[1]!.trim()).catch((e: unknown) =>
            e instanceof Error ? e : new Error(String(e)),
          );
  const { response, logLines } = await runner.runHttpAction(match[0], request, identity);
  for (const line of logLines) console.log(`[http ${method} ${url.pathname}] ${line}`);
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (response.body === null || req.method === "HEAD") {
    res.end();
    return;
  }
  let sent = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    sent += chunk.length;
    if (sent > MAX_HTTP_RESPONSE_BYTES) {
      console.error(
        `[http ${method} ${url.pathname}] response exceeded ${MAX_HTTP_RESPONSE_BYTES} bytes; cut off.`,
      );
      res.destroy();
      return;
    }
    res.write(chunk);
  }
  res.end();
}

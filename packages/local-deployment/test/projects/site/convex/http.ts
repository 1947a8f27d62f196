// HTTP action fixtures on the site port.
import { httpActionGeneric, httpRouter } from "convex/server";
import { ConvexError } from "convex/values";

const http = httpRouter();

http.route({
  path: "/status",
  method: "GET",
  handler: httpActionGeneric(async (ctx, request) => {
    await ctx.runMutation("hits:record" as never, { path: new URL(request.url).pathname } as never);
    return new Response("created here", {
      status: 201,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "X-Rooms-Test": "yes",
        "Cache-Control": "no-store",
      },
    });
  }),
});

http.route({
  path: "/files",
  method: "GET",
  handler: httpActionGeneric(async () => new Response("exact")),
});

http.route({
  pathPrefix: "/files/",
  method: "GET",
  handler: httpActionGeneric(
    async (_ctx, request) => new Response(`prefix ${new URL(request.url).pathname}`),
  ),
});

http.route({
  pathPrefix: "/files/deep/",
  method: "GET",
  handler: httpActionGeneric(
    async (_ctx, request) => new Response(`deep ${new URL(request.url).pathname}`),
  ),
});

/** Streams the request body back as it arrives. */
http.route({
  path: "/echo",
  method: "POST",
  handler: httpActionGeneric(
    async (_ctx, request) =>
      new Response(request.body, {
        status: 200,
        headers: {
          "Content-Type": request.headers.get("Content-Type") ?? "application/octet-stream",
        },
      }),
  ),
});

http.route({
  path: "/throw",
  method: "GET",
  handler: httpActionGeneric(async () => {
    throw new Error("route exploded");
  }),
});

http.route({
  path: "/throw-convex-error",
  method: "GET",
  handler: httpActionGeneric(async () => {
    throw new ConvexError({ code: "NOPE", retry: false });
  }),
});

http.route({
  path: "/whoami",
  method: "GET",
  handler: httpActionGeneric(async (ctx) =>
    Response.json({ identity: await ctx.auth.getUserIdentity() }),
  ),
});

export default http;

// A plain ConvexClient script against the dev deployment (`pnpm dev` running):
// signs in as a guest with Convex Auth, lists the rooms, joins the first public one and sends a
// message. Run it with `node scripts/example-client.mjs [deployment URL]`.
import { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";

const api = anyApi;
const url = process.argv[2] ?? "http://127.0.0.1:3210";
const client = new ConvexClient(url);

const { tokens } = await client.action(api.auth.signIn, { provider: "anonymous", params: {} });
if (!tokens) throw new Error("sign-in returned no tokens");
await new Promise((resolve) =>
  client.setAuth(
    async () => tokens.token,
    (ok) => ok && resolve(),
  ),
);

const me = await client.query(api.users.me, {});
console.log(`signed in as ${me.name} (${me.color})`);

const rooms = await client.query(api.rooms.list, {});
for (const room of rooms) {
  console.log(
    `- ${room.name} [${room.type}] ${room.memberCount} members, ${room.onlineCount} online`,
  );
}
const room = rooms.find((r) => !r.isPrivate);
if (room) {
  await client.mutation(api.rooms.join, { roomId: room.id });
  await client.mutation(api.messages.send, { roomId: room.id, body: `Hello from ${me.name}` });
  const page = await client.query(api.messages.list, {
    roomId: room.id,
    paginationOpts: { numItems: 5, cursor: null },
  });
  console.log(
    `latest in ${room.name}:`,
    page.page.map((m) => m.body),
  );
}
await client.close();

// Child process: the baseline, a plain `ws` WebSocketServer that broadcasts one JSON payload of
// the same size as the deployment's Transition to every subscriber. argv: payloadBytes.
//
// - `/sub` sockets get one initial payload on connect (like the initial Transition).
// - A `/trigger` socket sends `{"n": K}`; the server serializes the payload once and `send`s it to
//   every `/sub` socket (the analogue of a mutation whose commit fans out to subscribers).
//
// IPC: same as deployment.mjs (`ready`, `mem`, `cpu`, `stop`). Plain JS, no tsx loader, like it.
import http from "node:http";
import { WebSocketServer } from "ws";
import { memoryAfterGc } from "./gc.mjs";

const payloadBytes = Number(process.argv[2] ?? 400);

/** `{"type":"Transition","n":K,"pad":"xxx…"}` padded to `payloadBytes` characters. */
function payload(n) {
  const bare = JSON.stringify({ type: "Transition", n, pad: "" });
  return JSON.stringify({
    type: "Transition",
    n,
    pad: "x".repeat(Math.max(0, payloadBytes - bare.length)),
  });
}

const server = http.createServer((_req, res) => res.end("ws baseline\n"));
const wss = new WebSocketServer({ server });
const subscribers = new Set();

wss.on("connection", (ws, req) => {
  if (req.url === "/trigger") {
    ws.on("message", (data) => {
      const { n } = JSON.parse(data.toString());
      const text = payload(n);
      for (const sub of subscribers) sub.send(text);
    });
    return;
  }
  subscribers.add(ws);
  ws.on("close", () => subscribers.delete(ws));
  ws.send(payload(0));
});

server.listen(0, "127.0.0.1", () => {
  process.send({ type: "ready", url: `ws://127.0.0.1:${server.address().port}` });
});

function stop() {
  for (const ws of wss.clients) ws.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("message", (m) => {
  if (m.type === "mem") void memoryAfterGc().then((mem) => process.send({ type: "mem", ...mem }));
  if (m.type === "cpu") process.send({ type: "cpu", ...process.cpuUsage() });
  if (m.type === "stop") stop();
});
process.on("SIGTERM", stop);
process.on("disconnect", stop);

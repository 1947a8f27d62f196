// Child process: the file benchmark's baseline, a plain `node:http` file server. argv: dir.
// - `POST /upload`: streams the body to a new file in `dir`; answers `{"id": ...}`.
// - `GET /files/<id>`: streams the file back with its Content-Length.
// Like the deployment, it neither fsyncs nor keeps the bytes in memory. Plain JS, no tsx loader.
//
// IPC: → {type: "ready", url}; ← {type: "stop"} (or SIGTERM, or the orchestrator going away).
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pipeline } from "node:stream/promises";

const dir = process.argv[2];

const server = http.createServer((req, res) => {
  const fail = (status) => {
    res.writeHead(status).end();
  };
  if (req.method === "POST" && req.url === "/upload") {
    const id = crypto.randomBytes(12).toString("hex");
    pipeline(req, fs.createWriteStream(path.join(dir, id))).then(
      () => {
        const text = JSON.stringify({ id });
        res.writeHead(200, {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(text),
        });
        res.end(text);
      },
      () => fail(500),
    );
    return;
  }
  const match = /^\/files\/([0-9a-f]+)$/.exec(req.url ?? "");
  if (req.method === "GET" && match) {
    const file = path.join(dir, match[1]);
    fs.stat(file, (err, stat) => {
      if (err) return fail(404);
      res.writeHead(200, {
        "Content-Type": "application/octet-stream",
        "Content-Length": stat.size,
      });
      fs.createReadStream(file).pipe(res);
    });
    return;
  }
  fail(404);
});

server.listen(0, "127.0.0.1", () => {
  process.send({ type: "ready", url: `http://127.0.0.1:${server.address().port}` });
});

function stop() {
  server.closeAllConnections();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("message", (m) => {
  if (m.type === "stop") stop();
});
process.on("SIGTERM", stop);
process.on("disconnect", stop);

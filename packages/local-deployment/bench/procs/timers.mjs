// Child process: the scheduler benchmark's baseline, one plain `setTimeout` per job. Plain JS, no
// tsx loader, like the deployment process.
//
// IPC: ← {type: "run", count, startInMs, spreadMs}: job i is due at
// `Date.now() + startInMs + i * spreadMs / count` (rounded to the ms, as the deployment's jobs
// are); its timer is armed for that time and records `Date.now() - due` when it fires →
// {type: "lags", lags} once every timer has fired. ← {type: "stop"}: exits.

process.on("message", (m) => {
  if (m.type === "stop") process.exit(0);
  if (m.type !== "run") return;
  const lags = [];
  const first = Date.now() + m.startInMs;
  for (let i = 0; i < m.count; i++) {
    const due = Math.round(first + (i * m.spreadMs) / m.count);
    setTimeout(() => {
      lags.push(Date.now() - due);
      if (lags.length === m.count) process.send({ type: "lags", lags });
    }, due - Date.now());
  }
});
process.on("SIGTERM", () => process.exit(0));
process.on("disconnect", () => process.exit(0));

// Scheduled jobs. The presence sweeper runs every 5 s: sessions whose heartbeats stopped go
// offline within PRESENCE_TIMEOUT_MS + 5 s, and expired typing and rate-limit rows are deleted.
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval("sweep presence", { seconds: 5 }, internal.presence.sweep, {});
// Files uploaded but never attached to a message (lib/uploads.ts), an hour after their upload.
crons.interval("sweep uploads", { minutes: 10 }, internal.uploads.sweep, {});

export default crons;

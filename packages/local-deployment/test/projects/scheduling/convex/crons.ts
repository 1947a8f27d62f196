import { cronJobs } from "convex/server";

const crons = cronJobs();
crons.interval("tick", { seconds: 1 }, "jobs:record" as never, { tag: "cron" });
export default crons;

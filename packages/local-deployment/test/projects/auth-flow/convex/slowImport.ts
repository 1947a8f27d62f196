// Importing this module takes IMPORT_DELAY_MS (an environment variable; unset: no delay), so that a
// restarted deployment has a visible loading window (the restart test sets it).
const delay = Number(process.env.IMPORT_DELAY_MS ?? 0);
if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

export {};

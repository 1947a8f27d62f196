// The syscall union: every name the runtime answers belongs to one family, and what is not
// answered gets Convex's "not supported" shape naming the syscall.
import { describe, expect, it } from "vitest";
import { STORAGE_SYSCALLS } from "../files/syscalls.js";
import { DATABASE_SYSCALLS } from "./database-syscalls.js";
import {
  ACTION_SYSCALLS,
  FUNCTION_SYSCALLS,
  JS_SYSCALLS,
  actionSyscall,
  syscallOf,
  type ActionSyscallContext,
} from "./syscalls.js";

describe("syscalls", () => {
  it("classifies every known name into exactly one family", () => {
    const families = {
      database: DATABASE_SYSCALLS,
      storage: STORAGE_SYSCALLS,
      function: FUNCTION_SYSCALLS,
      action: ACTION_SYSCALLS,
      js: JS_SYSCALLS,
    };
    const all = Object.values(families).flat();
    expect(new Set(all).size).toBe(all.length);
    for (const [family, names] of Object.entries(families)) {
      for (const name of names) expect(syscallOf(name)).toEqual({ family, name });
    }
    expect(syscallOf("1.0/vectorSearch")).toEqual({ family: "unknown", name: "1.0/vectorSearch" });
  });

  it("answers an action's metadata and refuses what actions cannot do", async () => {
    const context: ActionSyscallContext = {
      deploymentName: "local",
      jobId: "job1",
      udfPath: "jobs:run",
      identity: null,
      call: async () => "called",
      deleteFile: async () => null,
      readStorage: () => {
        throw new Error("not read");
      },
    };
    expect(await actionSyscall(context, "1.0/getFunctionMetadata", {})).toEqual({
      name: "jobs:run",
      componentPath: "",
    });
    expect(await actionSyscall(context, "1.0/getRequestMetadata", {})).toMatchObject({
      scheduledFunctionId: "job1",
    });
    expect(await actionSyscall(context, "1.0/actions/query", {})).toBe("called");
    await expect(actionSyscall(context, "1.0/insert", {})).rejects.toThrow(
      "This feature is not supported yet by the local deployment (syscall 1.0/insert).",
    );
    await expect(actionSyscall(context, "1.0/vectorSearch", {})).rejects.toThrow(
      "Vector search is not supported yet by the local deployment (syscall 1.0/vectorSearch).",
    );
    await expect(actionSyscall(context, "1.0/storageGet", {})).rejects.toThrow(
      "actions use storage/storeBlob and storage/getBlob",
    );
  });
});

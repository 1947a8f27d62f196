/**
 * Storage syscalls (`ctx.storage.*`) of queries, mutations and actions
 * (source: convex@1.48 server/impl/storage_impl.ts; catalogue: convex-protocol.md c.4).
 * Queries may read (`getUrl`, `getMetadata`); mutations also write in their transaction; actions
 * write through their own short transactions (`runSystem`).
 */
import type { Transaction } from "../engine/transaction.js";
import { FileStore, publicMetadata, StorageError } from "./file-store.js";

export interface StorageContext {
  files: FileStore;
  cloudUrl: string;
  /** "query" | "mutation": reads and writes go through `tx`. */
  kind: "query" | "mutation";
  tx: Transaction;
}

/** The storage syscalls (`ctx.storage.*`; source: convex@1.48 server/impl/storage_impl.ts). */
export const STORAGE_SYSCALLS = [
  "1.0/storageGetUrl",
  "1.0/storageGetMetadata",
  "1.0/storageGenerateUploadUrl",
  "1.0/storageDelete",
  "1.0/storageStore",
  "1.0/storageGet",
] as const;
export type StorageSyscall = (typeof STORAGE_SYSCALLS)[number];

/** Answers one storage syscall inside a query or mutation with its JSON result. */
export function storageSyscall(
  ctx: StorageContext,
  name: StorageSyscall,
  a: Record<string, unknown>,
): unknown {
  const { files, tx } = ctx;
  const writable = () => {
    if (ctx.kind !== "mutation")
      throw new StorageError(400, `${name.slice(4)} is only available in mutations and actions.`);
  };
  switch (name) {
    case "1.0/storageGetUrl": {
      const file = files.metadata(tx, a.storageId, "getUrl");
      return file === null ? null : `${ctx.cloudUrl}/api/storage/${file._id}`;
    }
    case "1.0/storageGetMetadata": {
      const file = files.metadata(tx, a.storageId);
      return file === null ? null : publicMetadata(file);
    }
    case "1.0/storageGenerateUploadUrl":
      writable();
      return files.uploadUrl(ctx.cloudUrl);
    case "1.0/storageDelete": {
      writable();
      const id = files.delete(tx, a.storageId);
      tx.afterCommit.push(() => files.removeFile(id));
      return null;
    }
    case "1.0/storageStore": {
      writable();
      const received = files.receiveBytes(Buffer.from(String(a.blob), "base64"));
      const contentType =
        typeof a.contentType === "string" && a.contentType !== "" ? a.contentType : null;
      return {
        value: files.register(
          tx,
          received,
          contentType,
          typeof a.sha256 === "string" ? a.sha256 : undefined,
        ),
      };
    }
    case "1.0/storageGet": {
      writable();
      const file = files.metadata(tx, a.storageId, "get");
      if (file === null) return null;
      return {
        value: {
          blob: files.read(file._id).toString("base64"),
          contentType: file.contentType ?? null,
        },
      };
    }
    default:
      return name satisfies never;
  }
}

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

/** Handles `1.0/storage*` ops inside a query or mutation; undefined for other ops. */
export function storageSyscall(
  ctx: StorageContext,
  op: string,
  a: Record<string, unknown>,
): { value: unknown } | undefined {
  const { files, tx } = ctx;
  const writable = () => {
    if (ctx.kind !== "mutation")
      throw new StorageError(400, `${op.slice(4)} is only available in mutations and actions.`);
  };
  switch (op) {
    case "1.0/storageGetUrl": {
      const file = files.metadata(tx, a.storageId);
      return { value: file === null ? null : `${ctx.cloudUrl}/api/storage/${file._id}` };
    }
    case "1.0/storageGetMetadata": {
      const file = files.metadata(tx, a.storageId);
      return { value: file === null ? null : publicMetadata(file) };
    }
    case "1.0/storageGenerateUploadUrl":
      writable();
      return { value: files.uploadUrl(ctx.cloudUrl) };
    case "1.0/storageDelete": {
      writable();
      const id = files.delete(tx, a.storageId);
      tx.afterCommit.push(() => files.removeFile(id));
      return { value: null };
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
      const file = files.metadata(tx, a.storageId);
      if (file === null) return { value: null };
      return {
        value: {
          blob: files.read(file._id).toString("base64"),
          contentType: file.contentType ?? null,
        },
      };
    }
    default:
      return undefined;
  }
}

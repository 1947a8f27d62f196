/**
 * File storage: bytes live under `<dataDir>/storage/`, one file per stored object, named by its
 * `_storage` document id; the `_storage` system document `{sha256 (base64), size, contentType?}` is
 * the source of truth (source: convex@1.48 server/schema.ts _systemSchema; convex-backend
 * crates/model/src/file_storage). A file whose document was deleted is removed once the deletion
 * commits; until then, and after, only files with a live document are served.
 *
 * Upload URLs are `<cloudUrl>/api/storage/upload?token=<expiry>.<nonce>.<hmac>`: valid for one
 * upload within an hour, as Convex's. No state is kept for unused URLs; a used one's nonce is
 * recorded (until its expiry) so that it cannot be used again. Files are served at
 * `<cloudUrl>/api/storage/<storageId>`, the path shape Convex uses.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import type { Database } from "../engine/database.js";
import type { Transaction } from "../engine/transaction.js";
import { newDocumentId, decodeDocumentId } from "../values/ids.js";

export const STORAGE_TABLE = "_storage";
/** Upload URLs expire after an hour (Convex docs, "Uploading files"). */
export const UPLOAD_URL_TTL_MS = 60 * 60 * 1000;
/** Largest upload accepted through an upload URL. */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

export interface StoredFile {
  _id: string;
  _creationTime: number;
  sha256: string;
  size: number;
  contentType?: string;
}

/**
 * A storage failure with its HTTP status and Convex's error code (`StorageTokenInvalid`,
 * `StorageTokenExpired`, …; source: convex-backend keybroker/src/broker.rs); the code defaults
 * to `NotFound` for 404 and `StorageError` otherwise.
 */
export class StorageError extends Error {
  readonly code: string;
  constructor(
    readonly status: number,
    message: string,
    code?: string,
  ) {
    super(message);
    this.code = code ?? (status === 404 ? "NotFound" : "StorageError");
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class FileStore {
  private readonly dir: string;
  private readonly tmpDir: string;

  constructor(
    dataDir: string,
    private readonly db: Database,
    private readonly secret: Buffer,
  ) {
    this.dir = path.join(dataDir, "storage");
    this.tmpDir = path.join(this.dir, ".incoming");
    fs.mkdirSync(this.tmpDir, { recursive: true });
  }

  /** A fresh upload URL for `cloudUrl`. */
  uploadUrl(cloudUrl: string): string {
    const claims = `${Date.now() + UPLOAD_URL_TTL_MS}.${crypto.randomBytes(12).toString("base64url")}`;
    return `${cloudUrl}/api/storage/upload?token=${claims}.${this.sign(claims)}`;
  }

  /**
   * Checks and uses up an upload token: throws StorageError 401 unless `token` is an unexpired,
   * unused upload token of this deployment.
   */
  consumeUploadToken(token: string | null): void {
    const [expires, nonce, mac, ...rest] = (token ?? "").split(".");
    const expected = expires && nonce ? Buffer.from(this.sign(`${expires}.${nonce}`)) : null;
    const given = Buffer.from(mac ?? "");
    if (
      expected === null ||
      rest.length > 0 ||
      given.length !== expected.length ||
      !crypto.timingSafeEqual(expected, given)
    ) {
      throw new StorageError(
        401,
        "Invalid upload URL: generate a new one with ctx.storage.generateUploadUrl().",
        "StorageTokenInvalid",
      );
    }
    if (Number(expires) < Date.now()) {
      throw new StorageError(
        401,
        "This upload URL has expired (they are valid for 1 hour): generate a new one.",
        "StorageTokenExpired",
      );
    }
    if (!this.db.persistence.consumeUploadToken(nonce!, Number(expires))) {
      throw new StorageError(
        401,
        "This upload URL has already been used (each is valid for one upload): generate a new one.",
        "StorageTokenInvalid",
      );
    }
  }

  private sign(text: string): string {
    return crypto.createHmac("sha256", this.secret).update(text).digest("base64url");
  }

  /**
   * Streams `body` to a temporary file, hashing as it goes. Throws StorageError 413 past
   * `maxBytes`. Returns the temporary path, size and sha256 (base64).
   */
  async receive(
    body: Readable,
    maxBytes = MAX_UPLOAD_BYTES,
  ): Promise<{ tmp: string; size: number; sha256: string }> {
    const tmp = path.join(this.tmpDir, crypto.randomBytes(12).toString("hex"));
    const hash = crypto.createHash("sha256");
    let size = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > maxBytes) {
              throw new StorageError(
                413,
                `File too large: uploads are limited to ${maxBytes} bytes.`,
              );
            }
            hash.update(chunk);
            yield chunk;
          }
        },
        fs.createWriteStream(tmp),
      );
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    return { tmp, size, sha256: hash.digest("base64") };
  }

  /** Writes bytes to a temporary file (for `ctx.storage.store`). */
  receiveBytes(bytes: Uint8Array): { tmp: string; size: number; sha256: string } {
    const tmp = path.join(this.tmpDir, crypto.randomBytes(12).toString("hex"));
    fs.writeFileSync(tmp, bytes);
    return {
      tmp,
      size: bytes.length,
      sha256: crypto.createHash("sha256").update(bytes).digest("base64"),
    };
  }

  /**
   * Inserts the `_storage` document for a received file in `tx` and moves the file into place.
   * `expectedSha256` (base64 or hex) must match when given.
   */
  register(
    tx: Transaction,
    received: { tmp: string; size: number; sha256: string },
    contentType: string | null,
    expectedSha256?: string,
  ): string {
    if (expectedSha256 !== undefined && !sameDigest(expectedSha256, received.sha256)) {
      fs.rmSync(received.tmp, { force: true });
      throw new StorageError(
        400,
        `Hash mismatch: the file's sha256 is ${received.sha256}, not ${expectedSha256}.`,
      );
    }
    const table = this.db.catalog.ensureTable(STORAGE_TABLE);
    const id = newDocumentId(table.number);
    fs.renameSync(received.tmp, this.pathOf(id));
    tx.write(table, id, {
      _id: id,
      _creationTime: this.db.nextCreationTime(),
      sha256: received.sha256,
      size: received.size,
      ...(contentType ? { contentType } : {}),
    });
    return id;
  }

  /**
   * The `_storage` document of `storageId` read through `tx`, or null (also for an id of another
   * table, or a legacy UUID storage id, which this deployment never issued). A string that is
   * neither throws Convex's error for `storage.<method>` (source: convex-backend
   * model/src/file_storage/mod.rs, isolate async_syscall.rs with_argument_error).
   */
  metadata(tx: Transaction, storageId: unknown, method = "getMetadata"): StoredFile | null {
    if (typeof storageId !== "string") return null;
    const decoded = decodeDocumentId(storageId);
    if (decoded === null) {
      if (UUID.test(storageId)) return null;
      throw new StorageError(
        400,
        `Invalid argument \`storageId\` for \`storage.${method}\`: Invalid storage ID: "${storageId}". Storage ID should be an Id of '_storage' table, or a UUID string.`,
        "InvalidStorageId",
      );
    }
    const table = this.db.catalog.table(STORAGE_TABLE);
    if (decoded === null || table === undefined || decoded.tableNumber !== table.number)
      return null;
    return tx.get(storageId) as unknown as StoredFile | null;
  }

  /** Deletes the `_storage` document in `tx`; the file goes once that commits (`removeFile`). */
  delete(tx: Transaction, storageId: unknown): string {
    const file = this.metadata(tx, storageId, "delete");
    // convex-backend file_storage/src/core.rs
    if (file === null) throw new StorageError(404, `storage id ${String(storageId)} not found`);
    tx.write(this.db.catalog.ensureTable(STORAGE_TABLE), file._id, null);
    return file._id;
  }

  removeFile(storageId: string): void {
    fs.rmSync(this.pathOf(storageId), { force: true });
  }

  pathOf(storageId: string): string {
    if (!/^[0-9a-z]+$/.test(storageId)) throw new StorageError(400, "Invalid storage ID.");
    return path.join(this.dir, storageId);
  }

  read(storageId: string): Buffer {
    return fs.readFileSync(this.pathOf(storageId));
  }
}

function sameDigest(expected: string, actualBase64: string): boolean {
  if (/^[0-9a-f]{64}$/i.test(expected))
    return Buffer.from(expected, "hex").toString("base64") === actualBase64;
  return expected === actualBase64;
}

/** `getMetadata`'s shape: sha256 in hex (source: convex-backend async_syscall.rs storage_get_metadata). */
export function publicMetadata(file: StoredFile): {
  storageId: string;
  sha256: string;
  size: number;
  contentType: string | null;
} {
  return {
    storageId: file._id,
    sha256: Buffer.from(file.sha256, "base64").toString("hex"),
    size: file.size,
    contentType: file.contentType ?? null,
  };
}

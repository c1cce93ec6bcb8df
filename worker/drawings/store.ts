import { documentWithSha, insertDocumentStatement } from "../db/drawings.ts";
import type { Scope } from "../db/scope.ts";
import type { Env } from "../env.ts";
import { documentKey } from "../storage/keys.ts";

const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");

export interface DocumentVersion {
  kind: string;
  number: string;
  rev: string;
  ext: string;
  content_type: string;
  bytes: Uint8Array;
}

/**
 * Stores one version of a document in R2 and returns the statement that
 * records it, for the caller's batch. Bytes the tenant has stored before are
 * not stored again: the row points at the object that holds them. A version's
 * own key is written once; an object already there (a retry of the same
 * version) is left as it is.
 */
export async function storeDocument(env: Env, scope: Scope, v: DocumentVersion) {
  let sha256 = hex(await crypto.subtle.digest("SHA-256", v.bytes as Uint8Array<ArrayBuffer>));
  let size = v.bytes.length;
  const same = await documentWithSha(scope, sha256);
  let r2Key = same?.r2_key;
  if (!r2Key) {
    r2Key = documentKey(scope.tenantId, v.kind, v.number, v.rev, v.ext);
    const there = await env.FILES.head(r2Key);
    if (there?.checksums.sha256) {
      // Never overwritten: the row describes the object as it stands.
      sha256 = hex(there.checksums.sha256);
      size = there.size;
    } else await env.FILES.put(r2Key, v.bytes, { httpMetadata: { contentType: v.content_type }, sha256 });
  }
  const id = crypto.randomUUID();
  return {
    id,
    sha256,
    statement: insertDocumentStatement(scope, {
      id,
      kind: v.kind,
      number: v.number,
      rev: v.rev,
      ext: v.ext,
      r2_key: r2Key,
      sha256,
      size,
      content_type: v.content_type,
    }),
  };
}

import { scrypt, timingSafeEqual, randomBytes } from "node:crypto";

/**
 * Password hashes are `scrypt$N=…,r=…,p=…$<salt b64>$<hash b64>`: the algorithm
 * and its cost travel with the hash, so the cost can be raised later and old
 * hashes still verify (and are re-hashed on the next login). Why scrypt: see
 * docs/decisions/0001-password-hashing.md.
 */
export const CURRENT = { N: 16384, r: 8, p: 5, keylen: 32 } as const;

type Params = { N: number; r: number; p: number; keylen: number };

const derive = (password: string, salt: Buffer, params: Params) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, params.keylen, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );

export async function hashPassword(password: string, params: Params = CURRENT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

function parse(encoded: string): { params: Params; salt: Buffer; key: Buffer } | null {
  const [alg, paramText, saltText, keyText] = encoded.split("$");
  if (alg !== "scrypt" || !paramText || !saltText || !keyText) return null;
  const p = Object.fromEntries(paramText.split(",").map((kv) => kv.split("=") as [string, string]));
  const key = Buffer.from(keyText, "base64");
  return { params: { N: +p.N, r: +p.r, p: +p.p, keylen: key.length }, salt: Buffer.from(saltText, "base64"), key };
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parse(encoded);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

export const needsRehash = (encoded: string): boolean => {
  const parsed = parse(encoded);
  return !parsed || parsed.params.N < CURRENT.N || parsed.params.r < CURRENT.r || parsed.params.p < CURRENT.p;
};

/** A hash of nothing in particular: verifying against it makes an unknown e-mail cost as much as a known one. */
let decoy: Promise<string> | undefined;
export const decoyHash = () => (decoy ??= hashPassword(crypto.randomUUID()));

import Stripe from "stripe";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newWebhookSecret } from "../../worker/webhooks/secrets.ts";
import { signStandard, standardHeaders, verifyStandard } from "../../worker/webhooks/standard-signature.ts";
import { allowedHosts, checkDestination, guardDestination, isBlockedAddress, resolvesPublicly } from "../../worker/webhooks/ssrf.ts";
import { backoffSeconds, MAX_ATTEMPTS } from "../../worker/webhooks/retry-policy.ts";
import { verifyStripe } from "../../worker/webhooks/stripe.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("Standard Webhooks signatures", () => {
  it("reproduce the specification's published test vector", async () => {
    // github.com/standard-webhooks/standard-webhooks, spec and reference libraries' tests.
    const signature = await signStandard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}');
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("what the standardwebhooks reference library signs, we verify", async () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: "quote.requested", data: { quote_id: "Q-1" } });
    const now = new Date();
    const signature = new Webhook(secret).sign("msg_1", now, body);
    const ts = String(Math.floor(now.getTime() / 1000));
    expect(await verifyStandard([secret], { id: "msg_1", timestamp: ts, signature }, bytes(body), 300)).toEqual({ ok: true, id: "msg_1" });
  });

  it("what we sign, the reference library verifies", async () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: "quote.priced", data: { quote_id: "q" } });
    const headers = await standardHeaders(secret, "evt_1", Math.floor(Date.now() / 1000), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it("refuses a tampered body, a wrong secret, stale and future timestamps and missing headers", async () => {
    const secret = newWebhookSecret();
    const body = '{"a":1}';
    const now = Math.floor(Date.now() / 1000);
    const signature = await signStandard(secret, "m", now, body);
    const h = { id: "m", timestamp: String(now), signature };
    expect(await verifyStandard([secret], h, bytes('{"a":2}'), 300)).toEqual({ ok: false, reason: "bad_signature" });
    expect(await verifyStandard([newWebhookSecret()], h, bytes(body), 300)).toEqual({ ok: false, reason: "bad_signature" });
    const old = { id: "m", timestamp: String(now - 301), signature: await signStandard(secret, "m", now - 301, body) };
    expect(await verifyStandard([secret], old, bytes(body), 300)).toEqual({ ok: false, reason: "stale_timestamp" });
    const future = { id: "m", timestamp: String(now + 301), signature: await signStandard(secret, "m", now + 301, body) };
    expect(await verifyStandard([secret], future, bytes(body), 300)).toEqual({ ok: false, reason: "future_timestamp" });
    expect(await verifyStandard([secret], { ...h, id: null }, bytes(body), 300)).toEqual({ ok: false, reason: "missing_headers" });
  });

  it("accepts either of two secrets during a rotation, and any of several signatures", async () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    const now = Math.floor(Date.now() / 1000);
    const signature = `v1,AAAA ${await signStandard(oldSecret, "m", now, "{}")}`;
    expect((await verifyStandard([newSecret, oldSecret], { id: "m", timestamp: String(now), signature }, bytes("{}"), 300)).ok).toBe(true);
  });
});

describe("retry policy", () => {
  it("gives critical 5, high 4, medium 3, low 2 attempts, with growing jittered delays", () => {
    expect(MAX_ATTEMPTS).toEqual({ critical: 5, high: 4, medium: 3, low: 2 });
    expect([1, 2, 3, 4].map((a) => backoffSeconds(a, 0))).toEqual([1, 2, 4, 8]);
    expect([1, 2, 3, 4].map((a) => backoffSeconds(a, 1))).toEqual([2, 4, 8, 16]);
    expect(backoffSeconds(20, 1)).toBe(300);
  });
});

describe("SSRF guard", () => {
  const refused = [
    "http://partner.example.com/hook",
    "https://partner.example.com:8443/hook",
    "https://127.0.0.1/hook",
    "https://2130706433/hook", // decimal 127.0.0.1
    "https://0177.0.0.1/hook", // octal
    "https://0x7f.0.0.1/hook", // hex
    "https://0x7f000001/hook",
    "https://10.0.0.8/",
    "https://169.254.169.254/latest/meta-data/",
    "https://100.64.0.1/",
    "https://[::1]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:7f00:1]/",
    "https://[fd00::1]/",
    "https://[fe80::1]/",
    "https://localhost/",
    "https://api.localhost/",
    "https://metadata.google.internal/",
    "https://metadata.google.internal./",
    "https://localhost./",
    "https://LOCALHOST../",
    "https://db.internal/",
    "https://nas.localdomain/",
    "https://api.default.svc/",
    "https://vault.service.consul/",
    "https://vault.service.consul./",
    "https://printer.local/",
    "https://intranet/",
    "https://user:pass@partner.example.com/",
    "not a url",
  ];
  it.each(refused)("refuses %s in production", (url) => {
    expect(checkDestination(url, []).ok).toBe(false);
  });

  it("accepts a public https host on 443", () => {
    expect(checkDestination("https://erp.partner.example.com/webhooks?x=1", [])).toMatchObject({ ok: true });
    expect(checkDestination("https://erp.partner.example.com:443/webhooks", [])).toMatchObject({ ok: true });
  });

  it("lets only allow-listed hosts skip the checks, and honours the list outside production only", () => {
    expect(checkDestination("http://localhost:9000/hook", ["localhost"])).toMatchObject({ ok: true, allowListed: true });
    expect(checkDestination("http://localhost:9000/hook", []).ok).toBe(false);
    expect(checkDestination("http://10.0.0.8/hook", ["localhost"]).ok).toBe(false);
    expect(allowedHosts({ ENVIRONMENT: "test", WEBHOOK_ALLOW_HOSTS: " LocalHost. , erp.example.com" })).toEqual(["localhost", "erp.example.com"]);
    expect(allowedHosts({ ENVIRONMENT: "production", WEBHOOK_ALLOW_HOSTS: "localhost" })).toEqual([]);
  });

  it("resolves every host that is not allow-listed, under test as in production (DNS over HTTPS)", async () => {
    const asked: string[] = [];
    const privateAnswer = (async (input: RequestInfo | URL) => {
      const url = new URL(String(input));
      asked.push(url.searchParams.get("name")!);
      return Response.json({ Answer: url.searchParams.get("type") === "A" ? [{ type: 1, data: "10.0.0.5" }] : [] });
    }) as typeof fetch;
    for (const ENVIRONMENT of ["test", "development", "production"] as const) {
      expect(await guardDestination({ ENVIRONMENT, WEBHOOK_ALLOW_HOSTS: "erp.example.com" }, "https://rebind.example.net/hook", privateAnswer)).toMatchObject({
        ok: false,
        reason: "host resolves to a non-public address (10.0.0.5)",
      });
    }
    expect(asked).toEqual(Array(6).fill("rebind.example.net"));
    expect(
      await guardDestination({ ENVIRONMENT: "test", WEBHOOK_ALLOW_HOSTS: "erp.example.com" }, "https://erp.example.com/hook", privateAnswer),
    ).toMatchObject({ ok: true });
    expect(asked).toHaveLength(6);
  });

  it("classifies resolved addresses, including IPv4 embedded in IPv6", () => {
    for (const a of [
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "127.0.0.1",
      "169.254.169.254",
      "100.64.1.1",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "198.18.0.1",
      "::1",
      "::",
      "fc00::1",
      "fe80::1",
      "::ffff:10.0.0.1",
      "::ffff:a00:1",
      "64:ff9b::a00:1",
      "2002:a00:1::",
      "2001:db8::1",
      "garbage",
    ]) {
      expect(isBlockedAddress(a), a).toBe(true);
    }
    for (const a of ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:93.184.216.34"]) expect(isBlockedAddress(a), a).toBe(false);
  });

  it("refuses a public name that resolves to a private address (DNS over HTTPS)", async () => {
    const answers: Record<string, { type: number; data: string }[]> = { A: [{ type: 1, data: "10.0.0.5" }], AAAA: [] };
    const lookup = (async (input: RequestInfo | URL) => {
      const type = new URL(String(input)).searchParams.get("type")!;
      return Response.json({ Answer: answers[type] });
    }) as typeof fetch;
    expect(await resolvesPublicly("evil.example.com", lookup)).toMatchObject({ ok: false });
    answers.A = [{ type: 1, data: "93.184.216.34" }];
    expect(await resolvesPublicly("good.example.com", lookup)).toEqual({ ok: true });
  });
});

describe("Stripe signatures", () => {
  const payload = JSON.stringify({ id: "evt_1", object: "event", type: "checkout.session.completed", data: { object: {} } });
  const secret = "whsec_stripe_test_secret";
  const signed = (timestamp: number) =>
    Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret, timestamp, cryptoProvider: Stripe.createSubtleCryptoProvider() });

  it("judge the timestamp the signature covers (the last t=), so a harmless first t= cannot smuggle in a future one", async () => {
    const now = Math.floor(Date.now() / 1000);
    const future = now + 3600;
    const smuggled = `t=${now},${await signed(future)}`;
    expect(await verifyStripe([secret], smuggled, bytes(payload), 300, now)).toEqual({ ok: false, reason: "future_timestamp" });
    expect(await verifyStripe([secret], await signed(now), bytes(payload), 300, now)).toMatchObject({ ok: true, id: "evt_1" });
  });
});

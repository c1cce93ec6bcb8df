import { describe, expect, it } from "vitest";
import { isPlatformHostname, normalizeHostname } from "../../../worker/domains/hostname.ts";

describe("a shop's hostname as typed", () => {
  it("is lower-cased and stripped of scheme, path and trailing dot", () => {
    expect(normalizeHostname(" https://Quotes.Acme-Fab.com/instant?x=1 ")).toBe("quotes.acme-fab.com");
    expect(normalizeHostname("acme-fab.com.")).toBe("acme-fab.com");
  });

  it("becomes its xn-- form when internationalised", () => {
    expect(normalizeHostname("bücher.example")).toBe("xn--bcher-kva.example");
  });

  it("is refused when it cannot carry a certificate", () => {
    for (const bad of ["localhost", "203.0.113.7", "acme.com:8443", "user@acme.com", "-acme.com", "acme_fab.com", "a..com", `${"a".repeat(64)}.com`, ""])
      expect(normalizeHostname(bad), bad).toBeNull();
  });

  it("knows the platform's own names", () => {
    expect(isPlatformHostname("fabquote.app", "fabquote.app")).toBe(true);
    expect(isPlatformHostname("acme.fabquote.app", "fabquote.app")).toBe(true);
    expect(isPlatformHostname("notfabquote.app", "fabquote.app")).toBe(false);
  });
});

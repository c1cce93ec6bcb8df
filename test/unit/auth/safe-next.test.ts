import { describe, expect, it } from "vitest";
import { safeNext } from "../../../app/lib/forms.ts";

const page = "http://demo.localhost:8787/login?next=x";
const origin = new URL(page).origin;

/** Where a browser lands when it follows `Location: location` from `page`. */
const landing = (location: string) => new URL(location, page);

describe("the post-login destination (next)", () => {
  it("keeps a same-origin path with its query and fragment", () => {
    expect(safeNext("/quotes/Q-1?tab=files#top", page)).toBe("/quotes/Q-1?tab=files#top");
    expect(safeNext("/configure/door", page)).toBe("/configure/door");
  });

  it.each([
    ["/\t/evil.example", "a tab the browser drops (next=/%09/evil.example)"],
    ["/\n/evil.example", "a newline the browser drops"],
    ["/\r\n/evil.example", "CR LF"],
    ["//evil.example", "a protocol-relative URL"],
    ["/\\evil.example", "a backslash read as a slash"],
    ["/\\\t\\evil.example", "a backslash and a tab"],
    ["https://evil.example/", "an absolute URL"],
    ["javascript:alert(1)", "a script URL"],
    ["evil.example", "a relative name"],
  ])("ignores %j (%s): the redirect stays on the shop", (next) => {
    const location = safeNext(next, page);
    expect(landing(location).origin).toBe(origin);
    expect(location).toBe("/");
  });

  it("always answers something a Location header can carry (next=/%0a/x was a 500)", () => {
    for (const next of ["/\n/x", "/a\r\nSet-Cookie: x=1", "/ü/ä?q=€", "/%0a/x", null, ""]) {
      const location = safeNext(next, page);
      expect(() => new Headers({ location })).not.toThrow();
      expect(landing(location).origin).toBe(origin);
    }
    expect(safeNext("/a\r\nSet-Cookie: x=1", page)).toBe("/aSet-Cookie:%20x=1");
  });
});

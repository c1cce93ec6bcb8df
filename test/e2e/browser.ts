import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { inject } from "vitest";

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** `extraArgs`: more Chromium switches, e.g. `--host-resolver-rules` to reach a custom hostname on loopback. */
export function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}

/** Base URL of a host on the test server: Chromium resolves *.localhost to loopback by itself. */
export const url = (host: string, path = "/") => `http://${host}:${inject("port")}${path}`;

/** Fails the test on any uncaught page error or failed same-site request. */
export function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  return errors;
}

/** A browser session signed in through the sign-in page, from its own IP (sign-ins are rate limited per IP). */
export async function signIn(
  browser: Browser,
  host: string,
  who: { email: string; name: string; password: string },
  ip: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": ip } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(url(host, "/login"));
  await page.getByLabel("E-mail").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("banner").getByText(who.name).waitFor();
  return { context, page, errors };
}

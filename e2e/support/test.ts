// The `test` every spec uses: Playwright's, with navigations that survive the host's network changing.
//
// Chromium watches every interface on the host and aborts a navigation in flight with
// net::ERR_NETWORK_CHANGED when one appears or gets an address, loopback requests included. The specs make
// real nodes (a bridge per agent host, a veth per container start), so that happens now and then while a
// page loads: a host event, not something the panel did. goto and reload try again then, at most twice.
import { test as base, type Page } from "@playwright/test";

export { expect, type Locator, type Page } from "@playwright/test";

const isNetworkChange = (err: unknown) =>
  err instanceof Error && err.message.includes("net::ERR_NETWORK_CHANGED");

function retryOnNetworkChange<A extends unknown[], R>(run: (...args: A) => Promise<R>) {
  return async function (this: Page, ...args: A): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run.apply(this, args);
      } catch (err) {
        if (attempt > 2 || !isNetworkChange(err)) throw err;
        console.warn(`navigation retried after net::ERR_NETWORK_CHANGED (attempt ${attempt})`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };
}

let isPatched = false;

export const test = base.extend<object, { navigationRetries: undefined }>({
  // Patched on the class every page shares, so pages that hooks open with browser.newPage() get it too.
  navigationRetries: [
    async ({ browser }, use) => {
      if (!isPatched) {
        const probe = await browser.newPage();
        const proto = Object.getPrototypeOf(probe) as Page;
        await probe.context().close();
        proto.goto = retryOnNetworkChange(proto.goto);
        proto.reload = retryOnNetworkChange(proto.reload);
        isPatched = true;
      }
      await use(undefined);
    },
    { scope: "worker", auto: true },
  ],
});

import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; the flags keep it off the (closed) network. Playwright gives each launch a fresh profile. */
export const CHROMIUM = process.env.TWINWARD_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
}

/** Launching Debian's Chromium with playwright-core, for the tests that drive a real browser. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/**
 * A skip reason when no Chromium is installed, or false. With SHINSOU_REQUIRE_BROWSER=1 (as in
 * .ci/run, which installs Debian's chromium) a missing browser fails instead.
 */
export function browserMissing(): string | false {
  if (executablePath) return false;
  if (process.env.SHINSOU_REQUIRE_BROWSER === '1') throw new Error('SHINSOU_REQUIRE_BROWSER=1 but no Chromium found: apt-get install chromium (or set CHROMIUM_PATH)');
  return 'no Chromium installed (apt-get install chromium)';
}

/** Chromium, headless (without the sandbox, which root in a container cannot have). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}

/** Collects the page's console errors and uncaught exceptions. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless and quiet: without the networking flags Chromium calls out, and this machine refuses. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where browser tests leave their screenshots. */
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** Fail (never skip) with the fix when Chromium is missing; call it before starting anything slow. */
export async function requireChromium(): Promise<void> {
  await access(CHROMIUM_PATH).catch(() => {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH`);
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

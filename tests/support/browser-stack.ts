import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, requireChromium } from './chromium';
import { signedInPage } from './sign-in';
import { startStack, type TestStack, type TestStackOptions } from './stack';

/** The stack and a Chromium of one browser test file, ready once its `beforeAll` has run. */
export interface BrowserStack {
  stack(): TestStack;
  browser(): Browser;
  /** The stack's URL without its trailing slash, to append paths to. */
  baseUrl(): string;
  /** A page of its own, signed in as the stack's admin. */
  adminPage(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * Start the stack and Chromium before the file's tests and stop them after: the set-up every
 * browser test repeats. Call it at the top of a `describe`.
 */
export function useBrowserStack(options: TestStackOptions = {}): BrowserStack {
  let stack: TestStack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await requireChromium();
    stack = await startStack(options);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: call useBrowserStack inside describe, use it inside a test`);
    return value;
  };
  return {
    stack: () => ready(stack, 'The stack'),
    browser: () => ready(browser, 'Chromium'),
    baseUrl: () => ready(stack, 'The stack').url.replace(/\/$/, ''),
    adminPage: (pageOptions) => signedInPage(ready(browser, 'Chromium'), ready(stack, 'The stack').url, ready(stack, 'The stack').admin, pageOptions),
  };
}

/**
 * Debian's Chromium, headless, driven by playwright-core (a dev dependency: the browser test and the screenshot
 * script use it, the registry does not). Playwright's own browser download is never used: it needs the network,
 * and this machine and CI install Chromium from Debian (`apt-get install chromium`). The flags keep Chromium off
 * the network (no background services, sync or component updates) and out of the sandbox, which needs user
 * namespaces that containers and CI runners as root do not have; every launch gets a fresh, empty profile.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { LocalStackError } from './errors.js';

/** Where Debian installs Chromium; `CHROMIUM_PATH` overrides it. */
export const defaultChromiumPath = '/usr/bin/chromium';

/** The command-line flags every launch uses (besides the fresh `--user-data-dir` Playwright passes). */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** Thrown when Chromium is not installed where expected. */
export class ChromiumNotFoundError extends LocalStackError {}

/** A running headless Chromium with one browser context on a fresh profile. */
export interface HeadlessChromium {
  context: BrowserContext;
  /** Closes the browser and deletes its profile directory. */
  close(): Promise<void>;
}

/** Options of {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** Default: CHROMIUM_PATH or /usr/bin/chromium. */
  executablePath?: string;
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
}

/**
 * Starts headless Chromium on a fresh, empty profile (`--user-data-dir` in a new temporary directory).
 * @throws {ChromiumNotFoundError} when the executable does not exist; the message says how to install it.
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<HeadlessChromium> {
  const executablePath = options.executablePath ?? (process.env.CHROMIUM_PATH || defaultChromiumPath);
  if (!existsSync(executablePath)) {
    throw new ChromiumNotFoundError(
      `Chromium is not at ${executablePath}. Install Debian's package ("apt-get install -y chromium") or set ` +
        'CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'ecls-chromium-'));
  try {
    // A persistent context is how Playwright takes an explicit --user-data-dir; the directory is new and empty.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...chromiumFlags],
      viewport: options.viewport ?? { width: 1280, height: 900 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      offline: false,
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

// The end-to-end fixtures: a real `tandem serve --demo` on port 0 with its own data folder for
// each test file, and the two people of a co-browsing session — the agent (console) and the
// customer (demo site) — each in their own browser context.
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Tandem {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The same server under the name `localhost` (another origin). */
  localhostUrl: string;
  username: string;
  password: string;
  /** Lines the server printed, for diagnostics. */
  output: string[];
}

export async function startTandem(
  extraArgs: string[] = [],
  dataDir?: string,
  { loopbackAssets = true }: { loopbackAssets?: boolean } = {},
): Promise<{ tandem: Tandem; stop: (keepData?: boolean, signal?: NodeJS.Signals) => Promise<number | null>; data: string }> {
  const bin = resolve(process.env.TANDEM_BIN ?? 'target/debug/tandem');
  const data = dataDir ?? mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  const listen = extraArgs.includes('--listen') ? [] : ['--listen', '127.0.0.1:0'];
  // The demo site is on 127.0.0.1: the asset proxy may fetch from loopback only with this test flag.
  // `loopbackAssets: false` runs the server exactly as `make demo` does.
  const testFlags = loopbackAssets ? ['--test-only-allow-loopback-assets'] : [];
  const child: ChildProcess = spawn(bin, ['serve', '--demo', ...testFlags, ...listen, '--data', data, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'tandem=info,warn' },
  });
  const output: string[] = [];
  const tandem = await new Promise<Tandem>((resolveStart, reject) => {
    let url = '';
    const timer = setTimeout(() => reject(new Error(`tandem did not start:\n${output.join('\n')}`)), 15_000);
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        output.push(line);
        const listening = line.match(/listening on (http:\/\/[\d.:]+)/);
        if (listening) url = listening[1];
        const creds = line.match(/demo agent username: (\S+) password: (\S+)/);
        if (creds && url) {
          clearTimeout(timer);
          resolveStart({ url, localhostUrl: url.replace('127.0.0.1', 'localhost'), username: creds[1], password: creds[2], output });
        }
      }
    };
    child.stdout?.on('data', onLine);
    child.stderr?.on('data', onLine);
    child.on('exit', (code) => reject(new Error(`tandem exited (${code}):\n${output.join('\n')}`)));
  });
  /** Stops the server as a service manager does (SIGINT or SIGTERM: it drains, then exits);
   * killed if it has not exited after 15 s. Returns its exit code (null when killed). */
  const stop = async (keepData = false, signal: NodeJS.Signals = 'SIGINT') => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    const code = child.exitCode;
    if (code === null) child.kill('SIGKILL');
    if (!keepData) rmSync(data, { recursive: true, force: true });
    return code;
  };
  return { tandem, stop, data };
}

export interface People {
  agent: Page;
  customer: Page;
  agentContext: BrowserContext;
  customerContext: BrowserContext;
}

type WorkerFixtures = { tandem: Tandem; tandemArgs: string[] };
type TestFixtures = People;

export const test = base.extend<TestFixtures, WorkerFixtures>({
  tandemArgs: [[], { scope: 'worker', option: true }],
  tandem: [
    async ({ tandemArgs }, use) => {
      const { tandem, stop } = await startTandem(['--redeem-per-client-per-minute', '1000', ...tandemArgs]);
      await use(tandem);
      await stop();
    },
    { scope: 'worker' },
  ],
  agentContext: async ({ browser }, use) => {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await use(ctx);
    await ctx.close();
  },
  customerContext: async ({ browser }, use) => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await use(ctx);
    await ctx.close();
  },
  agent: async ({ agentContext }, use) => use(await agentContext.newPage()),
  customer: async ({ customerContext }, use) => use(await customerContext.newPage()),
});

export { expect };

/** What the customer sees the demo agent called (its display name, set by `--demo`). */
export const DEMO_AGENT_NAME = 'Sam from Demo Shop';

/** The agent signs in to the console. */
export async function signIn(agent: Page, tandem: Tandem, base = tandem.url): Promise<void> {
  await agent.goto(`${base}/console/`);
  await agent.getByLabel('Username').fill(tandem.username);
  await agent.getByLabel('Password').fill(tandem.password);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByRole('heading', { name: 'Contacts' })).toBeVisible();
}

/** The agent creates a contact in the console and presses Start co-browsing; returns the code. */
export async function startWithCode(agent: Page, customerName = 'Demo Customer', channel = 'phone'): Promise<string> {
  await agent.getByLabel('Channel').selectOption(channel);
  await agent.getByLabel('Customer', { exact: true }).fill(customerName);
  await agent.getByRole('button', { name: 'Create contact' }).click();
  await agent.getByRole('button', { name: 'Start co-browsing' }).click();
  const code = agent.getByLabel('Co-browsing code');
  await expect(code).toHaveValue(/^\d{6}$/);
  await expect(agent.getByRole('status')).toContainText('Waiting');
  return code.inputValue();
}

/** The customer types the code on the demo site and presses Start. */
export async function enterCode(customer: Page, code: string): Promise<void> {
  await customer.getByRole('button', { name: 'Co-browsing code' }).click();
  await customer.getByRole('textbox', { name: 'Code', exact: true }).fill(code);
  await customer.getByRole('button', { name: 'Start', exact: true }).click();
}

/** Full path to a shared session: sign in, code, consent Yes. Returns the mirror's frame. */
export async function shareSession(agent: Page, customer: Page, tandem: Tandem, page = 'index.html', base = tandem.url) {
  await signIn(agent, tandem, base);
  const code = await startWithCode(agent);
  await customer.goto(`${base}/demo/${page}`);
  await enterCode(customer, code);
  const dialog = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Yes' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  return mirror(agent);
}

/** The document inside the agent's "Customer view" iframe. */
export function mirror(agent: Page) {
  return agent.frameLocator('iframe[title="Customer view"]');
}

/** The customer opens "Chat with us" on the demo site and sends a first line; returns the chat dialog. */
export async function customerChats(customer: Page, url: string, name: string, text: string) {
  await customer.goto(`${url}/demo/index.html`);
  await customer.getByRole('button', { name: 'Chat with us' }).click();
  const chat = customer.getByRole('dialog', { name: 'Chat with us' });
  await chat.getByLabel('Your name').fill(name);
  await chat.getByRole('textbox', { name: 'Message' }).fill(text);
  await chat.getByRole('button', { name: 'Send' }).click();
  return chat;
}

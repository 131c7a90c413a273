// Single sign-on as agents use it: the console's "Sign in with Example SSO" takes them to the
// company's identity provider (the real `oidc-provider` package, e2e/sso/provider.mjs), they sign
// in there with its own form, and the console opens as them, with the rights their groups give.
// A person taken out of the agents' group is told so at their next sign-in; with password
// sign-in switched off the console offers the provider only.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { test, expect, startTandem, type Tandem } from './fixtures';
import type { Page } from '@playwright/test';

interface IdentityProvider {
  issuer: string;
  setGroups: (user: string, groups: string[]) => Promise<void>;
  stop: () => void;
}

async function startProvider(): Promise<IdentityProvider> {
  const child: ChildProcess = spawn('node', ['e2e/sso/provider.mjs', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const lines = createInterface({ input: child.stdout! });
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the identity provider did not start')), 30_000);
    lines.on('line', (line) => {
      const m = line.match(/^oidc-provider: listening on (\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the identity provider exited (${code})`)));
  });
  return {
    issuer,
    setGroups: async (user, groups) => {
      const res = await fetch(`${issuer}/test/groups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, groups }),
      });
      expect(res.status).toBe(204);
    },
    stop: () => child.kill(),
  };
}

function ssoArgs(idp: IdentityProvider): string[] {
  return [
    '--oidc-issuer', idp.issuer,
    '--oidc-client-id', 'tandem',
    '--oidc-client-secret', 'tandem-secret',
    '--oidc-provider-name', 'Example SSO',
    '--oidc-right', 'cobrowse=agents',
    '--oidc-right', 'remote-control=senior-agents',
    '--oidc-right', 'admin=tandem-admins',
    '--oidc-right', 'cobrowse=tandem-admins',
  ];
}

/** The agent presses "Sign in with Example SSO" and signs in at the provider's own pages. */
async function signInWithProvider(agent: Page, tandem: Tandem, user: string, password: string) {
  await agent.goto(`${tandem.url}/console/`);
  await agent.getByRole('link', { name: 'Sign in with Example SSO' }).click();
  await expect(agent.getByRole('heading', { name: 'Example SSO' })).toBeVisible();
  await agent.getByLabel('Email or username').fill(user);
  await agent.getByLabel('Passphrase').fill(password);
  await agent.getByRole('button', { name: 'Log in' }).click();
  // The provider asks each new browser whether Tandem may know the person's name and groups.
  await agent.getByRole('button', { name: 'Allow' }).click();
  await agent.waitForURL(/\/console\//);
}

test.describe('with the company identity provider', () => {
  let idp: IdentityProvider;
  let tandem: Tandem;
  let stopTandem: () => Promise<void>;

  test.beforeAll(async () => {
    idp = await startProvider();
    ({ tandem, stop: stopTandem } = await startTandem(ssoArgs(idp)));
  });
  test.afterAll(async () => {
    await stopTandem?.();
    idp?.stop();
  });

  test('an agent signs in with the identity provider and gets the rights of their groups', async ({ agent }) => {
    await agent.goto(`${tandem.url}/console/`);
    // Both ways are offered: the provider, and the Tandem password.
    await expect(agent.getByRole('link', { name: 'Sign in with Example SSO' })).toBeVisible();
    await expect(agent.getByLabel('Username')).toBeVisible();

    await signInWithProvider(agent, tandem, 'alice', 'alice-password');
    await expect(agent.getByRole('heading', { name: 'Contacts' })).toBeVisible();
    await expect(agent.getByText('Alice Smith')).toBeVisible();
    // Alice is in agents and tandem-admins, not senior-agents: the Admin view is hers, and shows
    // the agent her first sign-in created with exactly those rights.
    await agent.getByRole('button', { name: 'Admin' }).click();
    await expect(agent.getByRole('checkbox', { name: 'cobrowse for alice' })).toBeChecked();
    await expect(agent.getByRole('checkbox', { name: 'admin for alice' })).toBeChecked();
    await expect(agent.getByRole('checkbox', { name: 'remote-control for alice' })).not.toBeChecked();
  });

  test('a person taken out of the agents group is refused at their next sign-in', async ({ agent, browser }) => {
    await signInWithProvider(agent, tandem, 'bob', 'bob-password');
    await expect(agent.getByRole('heading', { name: 'Contacts' })).toBeVisible();
    await expect(agent.getByText('Bob Jones')).toBeVisible();
    await expect(agent.getByRole('button', { name: 'Admin' })).toHaveCount(0);

    // IT moves Bob to sales; he signs out and in again (in a fresh browser, as after a night).
    await idp.setGroups('bob', ['sales']);
    await agent.getByRole('button', { name: 'Sign out' }).click();
    const context = await browser.newContext();
    const later = await context.newPage();
    await signInWithProvider(later, tandem, 'bob', 'bob-password');
    await expect(later.getByRole('alert')).toHaveText(/Your account has no access to Tandem/);
    await expect(later.getByRole('heading', { name: 'Contacts' })).toHaveCount(0);
    await expect(later).toHaveURL(`${tandem.url}/console/`);
    await context.close();
  });

  test('a made-up callback is refused and said so', async ({ agent }) => {
    await agent.goto(`${tandem.url}/api/sso/callback?state=made-up&code=abc`);
    await expect(agent.getByRole('alert')).toHaveText(/expired or was started in another browser/);
    await expect(agent.getByRole('heading', { name: 'Contacts' })).toHaveCount(0);
  });
});

test('with password sign-in switched off the console offers the identity provider only', async ({ agent }) => {
  const idp = await startProvider();
  const { tandem, stop } = await startTandem([...ssoArgs(idp), '--local-passwords', 'off']);
  try {
    await agent.goto(`${tandem.url}/console/`);
    await expect(agent.getByRole('link', { name: 'Sign in with Example SSO' })).toBeVisible();
    await expect(agent.getByLabel('Username')).toHaveCount(0);
    await expect(agent.getByLabel('Password')).toHaveCount(0);
    // The demo agent's password is refused by the API too.
    const res = await agent.request.post(`${tandem.url}/api/login`, { data: { username: tandem.username, password: tandem.password } });
    expect(res.status()).toBe(403);
    await signInWithProvider(agent, tandem, 'alice', 'alice-password');
    await expect(agent.getByRole('heading', { name: 'Contacts' })).toBeVisible();
  } finally {
    await stop();
    idp.stop();
  }
});

// Issue 13, favourites as agents use them: Edit → New Favourite → Name and URL → Finish editing
// saves (no separate Add); renames and URL changes of existing ones are saved the same way;
// deleting asks first; a half-filled or refused row is named and nothing typed is lost.
import type { Page } from '@playwright/test';
import { expect, signIn, startTandem, test } from './fixtures';

async function openFavourites(agent: Page): Promise<void> {
  await agent.getByRole('button', { name: 'Link Menu' }).click();
  await agent.getByRole('tab', { name: 'Favourites' }).click();
}

test('a new favourite typed in and Finish editing is saved, and so are renames and deletions', async ({ agent }) => {
  // A server of its own: the agent starts with no favourites.
  const { tandem, stop } = await startTandem();
  await signIn(agent, tandem);
  await openFavourites(agent);
  const mine = agent.getByRole('list', { name: 'My favourites' });

  // Exactly what a new agent does: no Add button anywhere.
  await agent.getByRole('button', { name: 'Edit' }).click();
  await agent.getByRole('button', { name: 'New Favourite' }).click();
  await agent.getByLabel('Name', { exact: true }).fill('Opening hours');
  await agent.getByLabel('URL', { exact: true }).fill('shop.example.com/hours');
  await agent.getByRole('button', { name: 'Finish editing' }).click();
  await expect(mine.getByRole('button')).toHaveCount(1);
  await expect(mine.getByRole('button').first()).toContainText('Opening hours');
  await expect(mine.getByRole('button').first()).toContainText('https://shop.example.com/hours');
  await expect(agent.getByRole('button', { name: 'Edit' })).toBeFocused();

  await agent.reload();
  await openFavourites(agent);
  await expect(mine.getByRole('button')).toHaveCount(1);
  await expect(mine.getByRole('button').first()).toContainText('Opening hours');

  // A half-filled new one is named, kept, and its missing field waits with the cursor in it.
  await agent.getByRole('button', { name: 'Edit' }).click();
  await agent.getByLabel('Name of favourite 1').fill('Hours');
  await agent.getByLabel('URL of favourite 1').fill('https://shop.example.com/opening-hours');
  await agent.getByRole('button', { name: 'New Favourite' }).click();
  await agent.getByLabel('Name', { exact: true }).fill('Returns');
  await agent.getByRole('button', { name: 'Finish editing' }).click();
  await expect(agent.getByRole('alert')).toHaveText('“Returns” needs a URL.');
  const url = agent.getByLabel('URL', { exact: true });
  await expect(url).toBeFocused();
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(agent.getByLabel('Name', { exact: true })).toHaveValue('Returns');

  // The server refuses a link that cannot be sent: the row is marked, still editing.
  await url.fill('javascript:alert(1)');
  await agent.getByRole('button', { name: 'Finish editing' }).click();
  await expect(agent.getByRole('alert')).toContainText('Only http and https links');
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(agent.getByLabel('Name of favourite 1')).toHaveValue('Hours');
  await url.fill('https://shop.example.com/returns');
  await expect(url).not.toHaveAttribute('aria-invalid');
  await agent.getByRole('button', { name: 'Finish editing' }).click();
  // Saved once editing has closed (the rows being edited form a list of the same name).
  await expect(agent.getByRole('button', { name: 'Edit' })).toBeFocused();
  await expect(mine.getByRole('button')).toHaveCount(2);
  await expect(mine.getByRole('button').first()).toContainText('Hours');
  await expect(mine.getByRole('button').first()).toContainText('https://shop.example.com/opening-hours');
  await expect(mine.getByRole('button').nth(1)).toContainText('Returns');

  // Deleting asks; "Keep" keeps it and returns to its Delete button.
  await agent.getByRole('button', { name: 'Edit' }).click();
  await agent.getByRole('button', { name: 'Delete Hours' }).click();
  const ask = agent.getByRole('alertdialog', { name: 'Delete Hours?' });
  await ask.getByRole('button', { name: 'Keep' }).click();
  await expect(ask).toHaveCount(0);
  await expect(agent.getByRole('button', { name: 'Delete Hours' })).toBeFocused();
  await agent.getByRole('button', { name: 'Delete Hours' }).click();
  await ask.getByRole('button', { name: 'Delete' }).click();
  await expect(agent.getByLabel('Name of favourite 1')).toHaveValue('Returns');
  await agent.getByRole('button', { name: 'Finish editing' }).click();
  await expect(agent.getByRole('button', { name: 'Edit' })).toBeFocused();
  await expect(mine.getByRole('button')).toHaveCount(1);

  await agent.reload();
  await openFavourites(agent);
  await expect(mine.getByRole('button')).toHaveCount(1);
  await expect(mine.getByRole('button').first()).toContainText('Returns');
  await expect(mine.getByRole('button').first()).toContainText('https://shop.example.com/returns');
  await stop();
});

test('an admin adds a company favourite the same way, and every agent sees it in the Link Menu', async ({ agent, tandem }) => {
  await signIn(agent, tandem);
  await agent.getByRole('button', { name: 'Admin' }).click();
  const section = agent.getByRole('region', { name: 'Company favourites' });
  await section.getByRole('button', { name: 'Add company favourite' }).click();
  await expect(section.getByLabel('Name', { exact: true })).toBeFocused();
  await section.getByLabel('Name', { exact: true }).fill('Help centre');
  await section.getByRole('button', { name: 'Save company favourites' }).click();
  await expect(section.getByRole('alert')).toHaveText('“Help centre” needs a URL.');
  await section.getByLabel('URL', { exact: true }).fill('https://shop.example.com/help');
  await section.getByRole('button', { name: 'Save company favourites' }).click();
  await expect(section.getByRole('status')).toHaveText('Saved.');
  await expect(section.getByLabel('Name of company favourite 1')).toHaveValue('Help centre');

  await agent.getByRole('button', { name: 'Contacts' }).click();
  await openFavourites(agent);
  await expect(agent.getByRole('list', { name: 'Company favourites' }).getByRole('button')).toContainText('Help centre');
});

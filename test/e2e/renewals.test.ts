/**
 * Invitations never die silently, in real Chromium against the real local server, through the popup:
 * an expired personal invitation's hosted page offers to ask for a new one; the request appears in
 * the popup's Review tab with the toolbar badge counting it; one click sends a fresh invitation,
 * which lands in the local mailbox; for a used-up link's request, one click e-mails a fresh link.
 */
import { createClient } from '@libsql/client';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  type ExtensionBrowser,
  launchExtensionBrowser,
  signIn,
} from '../helpers/extension-browser';
import { badgeText, openPopup, popupPage, refreshBadge } from '../helpers/popup';
import type { ServerProcess } from '../helpers/server-process';

const EVE = { name: 'Eve Latecomer', email: 'eve@example.com' };

let server: ServerProcess;
let context: BrowserContext;
let background: Worker;
let popup: Page;
let extensionId: string;
let browser: ExtensionBrowser;

const badge = () => badgeText(background);

interface Mail {
  to: string;
  subject: string;
  text: string;
}
const mailTo = async (address: string) =>
  ((await (await fetch(`${server.url}/dev/mail.json`)).json()) as { items: Mail[] }).items.filter(
    (m) => m.to === address,
  );

beforeAll(async () => {
  browser = await launchExtensionBrowser();
  ({ server, context, background, extensionId } = browser);
  popup = await popupPage(context);
}, 120_000);

afterAll(() => browser?.close());

describe('asking for a new invitation, in Chromium', () => {
  let invitationUrl = '';

  it('the owner signs in to the popup and sends a personal invitation that then runs out', async () => {
    await openPopup(popup, extensionId);
    await signIn(popup, server.url);
    await popup.getByRole('tablist').waitFor();

    const owner = await apiAs(server.url);
    const sent = await owner.call<{ invitation: { id: string } }>(
      'POST',
      '/api/orgs/:org/invitations',
      { email: EVE.email, role: 'member' },
    );
    expect(sent.status).toBe(201);
    await expect.poll(async () => (await mailTo(EVE.email)).length, { timeout: 15_000 }).toBe(1);
    const [mail] = await mailTo(EVE.email);
    invitationUrl = /http:\/\/\S+\/invite\/\S+/.exec(mail!.text)![0];

    // The invitation's time runs out (as maintenance marks it, without the notice it would add).
    const db = createClient({ url: `file:${browser.dbFile}` });
    await db.execute({
      sql: "UPDATE invitations SET status = 'expired', expires_at = ? WHERE id = ?",
      args: [Date.now() - 60_000, sent.body.invitation.id],
    });
    db.close();
  });

  it('the invitee asks for a new one on the expired invitation’s page', async () => {
    const invitee = await context.newPage();
    await invitee.goto(invitationUrl);
    await invitee.getByRole('heading', { name: 'This invitation has expired' }).waitFor();
    await invitee.getByLabel('Your name').fill(EVE.name);
    // The new invitation goes where this one went: no address to type.
    expect(await invitee.getByLabel('E-mail address').count()).toBe(0);
    await invitee.getByRole('button', { name: 'Ask for a new invitation' }).click();
    await invitee.getByRole('heading', { name: 'Request sent' }).waitFor();
    await invitee.close();
  });

  it('the request is in the popup’s Review tab and the badge counts it', async () => {
    await refreshBadge(popup);
    await expect.poll(badge).toBe('1');
    await popup.getByRole('tab', { name: 'Review' }).click();
    const item = popup.getByRole('listitem').filter({ hasText: EVE.email });
    await item.waitFor();
    expect(await item.textContent()).toContain(EVE.name);
    expect(await item.textContent()).toContain('Asked for a new invitation');
    // What a click would grant, said before the click.
    expect(await item.textContent()).toContain('Joins as Member');
  });

  it('one click sends a fresh invitation: the badge clears and the mail is in the local mailbox', async () => {
    const item = popup
      .getByRole('region', { name: 'Expired invitations and requests' })
      .getByRole('listitem')
      .filter({ hasText: EVE.email });
    await item.getByRole('button', { name: 'Invite again' }).click();
    await item.waitFor({ state: 'detached' });
    await popup.getByText('No expired invitations or requests for a new one.').waitFor();
    await expect.poll(badge).toBe('');
    // The fresh invitation is pending in the same tab.
    await popup
      .getByRole('region', { name: 'Pending invitations' })
      .getByRole('listitem')
      .filter({ hasText: EVE.email })
      .waitFor();
    await expect.poll(async () => (await mailTo(EVE.email)).length, { timeout: 15_000 }).toBe(2);
    const fresh = (await mailTo(EVE.email))[0]!;
    expect(fresh.subject).toBe('Invitation to join “Acme”');
    const freshUrl = /http:\/\/\S+\/invite\/\S+/.exec(fresh.text)![0];
    expect(freshUrl).not.toBe(invitationUrl);
  });

  it('the dashboard’s Requests section lists it as invited', async () => {
    const dashboard = await browser.open('dashboard.html#requests');
    await dashboard.getByRole('heading', { name: 'Requests' }).first().waitFor();
    await dashboard.getByLabel('Status').selectOption('');
    const row = dashboard
      .getByRole('table', { name: 'Expired invitations and requests' })
      .getByRole('row')
      .filter({ hasText: EVE.email });
    await row.waitFor();
    expect(await row.textContent()).toContain('Invited');
    await dashboard.close();
  });

  it('a used-up link’s request: one click sends a fresh link, which arrives by e-mail and opens', async () => {
    const owner = await apiAs(server.url);
    const spent = await owner.call<{ url: string }>('POST', '/api/orgs/:org/links', {
      expiresInHours: 24,
      maxUses: 1,
    });
    const used = await fetch(`${server.url}/api/join/${spent.body.url.split('/join/')[1]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Una Used', email: 'una@example.com' }),
    });
    expect(used.status).toBe(201);
    const asker = await context.newPage();
    await asker.goto(spent.body.url);
    await asker.getByRole('heading', { name: 'Invitation link used up' }).waitFor();
    await asker.getByLabel('Your name').fill('Lou Linked');
    await asker.getByLabel('E-mail address').fill('lou@example.com');
    await asker.getByRole('button', { name: 'Ask for a new invitation' }).click();
    await asker.getByRole('heading', { name: 'Request sent' }).waitFor();

    await popup.getByRole('tab', { name: 'Share' }).click();
    await popup.getByRole('tab', { name: 'Review' }).click();
    const item = popup
      .getByRole('region', { name: 'Expired invitations and requests' })
      .getByRole('listitem')
      .filter({ hasText: 'lou@example.com' });
    await item.getByRole('button', { name: 'Send a link' }).click();
    await item.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await mailTo('lou@example.com')).length, { timeout: 15_000 })
      .toBe(1);
    const [mail] = await mailTo('lou@example.com');
    expect(mail!.subject).toBe('Your new invitation link to join “Acme”');
    const fresh = /http:\/\/\S+\/join\/\S+/.exec(mail!.text)![0];
    expect(fresh).not.toBe(spent.body.url);
    // The fresh link's page offers to join (200), where the spent one offered to ask (410).
    expect((await asker.goto(fresh))!.status()).toBe(200);
    await asker.locator('form button[type=submit]').waitFor();
    await asker.close();
  });
});

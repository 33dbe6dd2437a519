/** Refreshes docs/sidebar.png, the README's picture: the built extension's sidebar on an X chat fixture, its conversation logged. Run: npx tsx scripts/screenshot.ts */
import { execFileSync } from 'node:child_process';
import { fixtures } from '../tests/fixtures';
import { inSidebar, launchBrowser, openFixture, routesFor } from '../tests/e2e/harness';
import { logTicket, waitForInSidebar } from '../tests/e2e/desk-harness';

const name = process.argv[2] ?? 'x/chat in the plain document';
execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
const browser = await launchBrowser();
const fixture = fixtures.find((f) => f.name === name)!;
const page = await openFixture(browser, fixture, routesFor(fixtures));
await waitForInSidebar(page, 'customer-name', 10_000);
await logTicket(page); // the conversation logged: its ticket shows under the replies
await waitForInSidebar(page, 'ticket-status', 10_000);
await page.hover(inSidebar('template-search')); // the agent reaching for the replies, which lists them
await waitForInSidebar(page, 'template-item', 10_000);
await page.mouse.move(0, 0);
await new Promise((r) => setTimeout(r, 1500));
await page.screenshot({ path: 'docs/sidebar.png' });
await browser.close();

/** Refreshes docs/sidebar.png, the README's picture: the built extension's sidebar on an X chat fixture. Run: npx tsx scripts/screenshot.ts */
import { execFileSync } from 'node:child_process';
import { fixtures } from '../tests/fixtures';
import { inSidebar, launchBrowser, openFixture, routesFor } from '../tests/e2e/harness';

const name = process.argv[2] ?? 'x/chat in the plain document';
execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
const browser = await launchBrowser();
const fixture = fixtures.find((f) => f.name === name)!;
const page = await openFixture(browser, fixture, routesFor(fixtures));
await page.waitForSelector(inSidebar('customer-name'));
await page.hover(inSidebar('template-search')); // the agent reaching for the replies, which lists them
await page.waitForFunction(() => document.querySelector('sidedesk-sidebar')?.shadowRoot?.querySelector('[data-testid="template-item"]'), { polling: 50 });
await page.mouse.move(0, 0);
await new Promise((r) => setTimeout(r, 1500));
await page.screenshot({ path: 'docs/sidebar.png' });
await browser.close();

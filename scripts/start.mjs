#!/usr/bin/env node
// `npm start`: builds the extension, starts the team server on its embedded database, and opens a
// browser with Sidedesk loaded where one is found (else says exactly how to load it by hand).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const extensionDir = resolve('.output/chrome-mv3');
const port = process.env.PORT ?? '8787';

console.log('Building the extension…');
execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });

const server = spawn('npx', ['tsx', 'server/main.ts'], { stdio: 'inherit', env: { ...process.env, PORT: port } });
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));

const browser = findBrowser();
const hasDisplay = process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
if (browser && hasDisplay) {
  const profile = resolve('data/browser-profile');
  mkdirSync(profile, { recursive: true });
  console.log(`Opening ${browser} with Sidedesk loaded (profile in data/browser-profile).`);
  spawn(browser, [
    `--user-data-dir=${profile}`,
    `--load-extension=${extensionDir}`,
    // Branded Chrome ignores --load-extension since version 137 unless this feature is off.
    '--disable-features=DisableLoadExtensionCommandLineSwitch',
    '--no-first-run',
    'https://x.com/messages',
  ], { stdio: 'ignore', detached: true }).unref();
} else {
  console.log(`
No browser window can be opened here${browser ? ' (no display)' : ''}. To load Sidedesk by hand:
  Chrome, Edge, Brave: open chrome://extensions, turn on "Developer mode", "Load unpacked", choose
    ${extensionDir}
  Firefox: npm run build, then about:debugging → This Firefox → Load Temporary Add-on →
    ${resolve('.output/firefox-mv3/manifest.json')}
Then sign in from the Sidedesk options page with server http://localhost:${port} and the invite code the server prints.
`);
}

function findBrowser() {
  const candidates = {
    linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/usr/bin/microsoft-edge', '/snap/bin/chromium'],
    darwin: ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'],
    win32: [`${process.env['PROGRAMFILES(X86)']}\\Microsoft\\Edge\\Application\\msedge.exe`, `${process.env.PROGRAMFILES}\\Google\\Chrome\\Application\\chrome.exe`],
  }[process.platform] ?? [];
  return [process.env.SIDEDESK_BROWSER, ...candidates].find((path) => path && existsSync(path));
}

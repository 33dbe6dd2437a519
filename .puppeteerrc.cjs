// The Debian Chromium is used where it exists; Puppeteer's own download cannot reach its host here.
const { existsSync } = require('node:fs');

const systemChromium = '/usr/bin/chromium';
module.exports = existsSync(systemChromium)
  ? { skipDownload: true, executablePath: systemChromium }
  : {};

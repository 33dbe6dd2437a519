import { sendMessage } from '@/lib/messaging';

// Listeners are registered synchronously at the top level: the worker is woken by these events.
export default defineBackground(() => {
  browser.commands.onCommand.addListener(async (command) => {
    if (command !== 'toggle-sidebar') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await sendMessage('toggleSidebar', undefined, tab.id).catch(() => {}); // tabs off the three networks have no sidebar
  });
});

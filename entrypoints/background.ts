import { DeskDb } from '@/lib/db';
import { createDesk } from '@/lib/desk/desk';
import { registerDeskHandlers } from '@/lib/desk/handlers';
import { createLiveHub } from '@/lib/live';
import { answerBatches, sendMessage } from '@/lib/messaging';
import { answerSidebarCollapsed } from '@/lib/sidebar-collapsed';
import { startSync } from '@/lib/sync/background';

// Listeners are registered synchronously at the top level: the worker is woken by these events.
// Nothing lives only here: the database holds every state, and the sidebars re-open their ports.
export default defineBackground(() => {
  const db = new DeskDb();
  const live = createLiveHub();
  db.onChange(live.announce);
  browser.runtime.onConnect.addListener(live.accept);
  registerDeskHandlers(createDesk(db));
  answerSidebarCollapsed();
  startSync(db, { isActive: () => live.size > 0 });
  answerBatches();

  browser.commands.onCommand.addListener(async (command) => {
    if (command !== 'toggle-sidebar') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await sendMessage('toggleSidebar', undefined, tab.id).catch(() => {}); // tabs off the three networks have no sidebar
  });
});

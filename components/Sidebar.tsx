import './sidebar.css';
import type { WatchedContext } from '../lib/content/watch-page';
import type { Theme } from '../lib/content/theme';
import type { Platform } from '../lib/sites/types';
import { ContextView, preloadContextView } from './ContextView';
import { preloadSyncStatus, SyncStatus } from './SyncStatus';
import type { DeskApi, Preload } from './desk-api';

export interface SidebarProps {
  platform: Platform;
  watched: WatchedContext;
  collapsed: boolean;
  theme: Theme;
  onToggle: () => void;
  desk: DeskApi;
}

/** Asks for what the open sidebar shows first, so that it renders once, with the answers (DeskApi.preloaded). */
export const preloadSidebar = (preload: Preload, watched: WatchedContext) => Promise.all([preloadSyncStatus(preload), ...preloadContextView(preload, watched)]);

/** The panel on the right of the page, or a small tab when collapsed. */
export function Sidebar({ platform, watched, collapsed, theme, onToggle, desk }: SidebarProps) {
  const state = collapsed ? 'collapsed' : 'open';
  return (
    <aside
      data-testid="sidebar"
      data-state={state}
      data-theme={theme}
      aria-label="Sidedesk"
      class={`fixed top-0 right-0 z-[2147483646] flex font-sans text-sm antialiased ${collapsed ? 'h-auto mt-24' : 'h-screen'}`}
    >
      <button
        type="button"
        data-testid="sidebar-toggle"
        aria-expanded={!collapsed}
        aria-label={collapsed ? 'Show Sidedesk' : 'Hide Sidedesk'}
        title="Alt+Shift+S"
        onClick={onToggle}
        class="self-start mt-24 h-10 w-6 rounded-l-md border border-r-0 border-slate-300 bg-white text-slate-600 shadow hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"
      >
        {collapsed ? '‹' : '›'}
      </button>
      {!collapsed && (
        <div class="flex h-full w-[320px] flex-col overflow-y-auto border-l border-slate-300 bg-white text-slate-900 shadow-xl dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
          <header class="flex items-center gap-2 border-b border-slate-200 px-4 py-3 dark:border-slate-700">
            <span class="text-base font-semibold">Sidedesk</span>
            <SyncStatus desk={desk} />
          </header>
          {/* Keyed by URL: nothing typed or shown for one page survives navigation to the next. */}
          <ContextView key={watched.url} platform={platform} watched={watched} desk={desk} />
        </div>
      )}
    </aside>
  );
}

/** Everything a site's content script does: mount the sidebar in a shadow root and keep it on the page's context. */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { Sidebar, type SidebarProps } from '../../components/Sidebar';
import { onMessage } from '../messaging';
import type { BadgeFinder } from '../sites/badges';
import type { SiteAdapter } from '../sites/types';
import { watchBadges } from './badges';
import { TemplateHostContext } from '../../components/templates/host';
import { wireComposers } from './composer-wiring';
import { createDeskClient } from './desk-client';
import { watchTheme } from './theme';
import { watchPage } from './watch-page';

/** The toggle shortcut, also handled in the page for browsers where the manifest command is unassigned. */
const isToggleShortcut = (e: KeyboardEvent) => e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyS';

export async function runSidebar(ctx: ContentScriptContext, adapter: SiteAdapter, badgeSpots: BadgeFinder) {
  // The theme is read before the sidebar's styles join the page: reading it after would make the
  // browser restyle the whole page at once, on the page's time.
  let mounted = false;
  let theme = watchTheme((next) => (mounted ? update({ theme: next }) : (theme = next)), ctx.signal);
  // One boolean in extension storage (the key wxt/utils/storage used as `local:sidebarCollapsed:…`):
  // read directly, which spares every page the storage wrapper's code and its start-up.
  const collapsedKey = `sidebarCollapsed:${adapter.platform}`;
  const [collapsed, ui] = await Promise.all([
    browser.storage.local.get(collapsedKey).then((items) => items[collapsedKey] === true),
    createShadowRootUi(ctx, {
      name: 'sidedesk-sidebar',
      position: 'overlay',
      anchor: 'html',
      append: 'last',
      isolateEvents: true,
      onMount: (container) => container,
      onRemove: (container) => container && render(null, container),
    }),
  ]);
  ui.mount();
  const container = ui.mounted!;

  let props: SidebarProps = {
    platform: adapter.platform,
    watched: { state: 'reading', url: location.href },
    collapsed,
    theme,
    onToggle: () => setCollapsed(!props.collapsed),
    desk: createDeskClient(ctx.signal),
  };
  // Canned replies: the picker's library and insertion, and ;shortcut + Tab in the site's composers.
  const templates = wireComposers({
    desk: props.desk,
    platform: adapter.platform,
    currentContext: () => (props.watched.state === 'read' && props.watched.context.ok ? props.watched.context : undefined),
    signal: ctx.signal,
  });
  const update = (patch: Partial<SidebarProps>) => {
    props = { ...props, ...patch };
    render(
      <TemplateHostContext.Provider value={templates}>
        <Sidebar {...props} />
      </TemplateHostContext.Provider>,
      container,
    );
    // For the Performance panel and `npm run bench`: from the loader's `sidedesk:start` (scripts/off-thread-content-scripts.ts).
    if (props.watched.state === 'read' && props.watched.context.ok && !performance.getEntriesByName('sidedesk:customer-shown').length) {
      performance.mark('sidedesk:customer-shown');
    }
  };
  const setCollapsed = (value: boolean) => {
    update({ collapsed: value });
    void browser.storage.local.set({ [collapsedKey]: value });
  };

  const signal = ctx.signal;
  // The page is read at once (watchPage's first read is synchronous): the sidebar renders first
  // with what it shows, not with "Reading this page…" and then again.
  watchPage(adapter, (watched) => (mounted ? update({ watched }) : (props = { ...props, watched })), { signal });
  mounted = true;
  update({ theme });
  watchBadges(badgeSpots, props.desk, { signal, shadowRoots: adapter.shadowRoots });
  onMessage('toggleSidebar', () => setCollapsed(!props.collapsed));
  ctx.addEventListener(window, 'keydown', (e) => isToggleShortcut(e) && (e.preventDefault(), setCollapsed(!props.collapsed)), { capture: true });
}

/** Everything a site's content script does: mount the sidebar in a shadow root and keep it on the page's context. */
import { render } from 'preact';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { preloadSidebar, Sidebar, type SidebarProps } from '../../components/Sidebar';
import { onMessage } from '../messaging';
import type { BadgeFinder } from '../sites/badges';
import type { SiteAdapter } from '../sites/types';
import { watchBadges } from './badges';
import { TemplateHostContext } from '../../components/templates/host';
import { wireComposers } from './composer-wiring';
import { createDeskClient } from './desk-client';
import { linkStylesheet } from './stylesheet';
import { readCollapsed, writeCollapsed } from '../sidebar-collapsed';
import { watchTheme } from './theme';
import { watchPage, type WatchedContext } from './watch-page';

/** The toggle shortcut, also handled in the page for browsers where the manifest command is unassigned. */
const isToggleShortcut = (e: KeyboardEvent) => e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyS';

/**
 * How long the sidebar waits, from the start, for the desk's answers to what it shows first: with
 * them it renders once, not once without and again with them. A worker still starting up gets no
 * longer than this before the sidebar shows the customer anyway.
 */
const firstViewWaitMs = 50;

/** Settles with `promise`, or after `ms` without it. */
function waitAtMost(promise: Promise<unknown>, ms: number) {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

export async function runSidebar(ctx: ContentScriptContext, adapter: SiteAdapter, badgeSpots: BadgeFinder) {
  const signal = ctx.signal;
  // The theme is read before the sidebar's styles join the page: reading it after would make the
  // browser restyle the whole page at once, on the page's time.
  let mounted = false;
  let theme = watchTheme((next) => (mounted ? update({ theme: next }) : (theme = next)), signal);
  const desk = createDeskClient(signal);
  // The page is read at once (watchPage's first read is synchronous), and what the sidebar will
  // show for it asked of the desk while the styles load: the sidebar renders once, with the answers.
  let watched: WatchedContext = { state: 'reading', url: location.href };
  watchPage(adapter, (next) => (mounted ? update({ watched: next }) : (watched = next)), { signal });
  const firstView = waitAtMost(preloadSidebar(desk.preload, watched), firstViewWaitMs);
  let collapsedAnswer: boolean | undefined;
  desk.call('getSidebarCollapsed', { platform: adapter.platform }).then((value) => (collapsedAnswer = value), () => undefined);
  // Mounted empty as soon as it exists, so that its stylesheet loads while the desk answers.
  const styledUi = createShadowRootUi(ctx, {
    name: 'sidedesk-sidebar',
    position: 'overlay',
    anchor: 'html',
    append: 'last',
    isolateEvents: true,
    onMount: (container) => container,
    onRemove: (container) => container && render(null, container),
  }).then((ui) => {
    const styled = linkStylesheet(ui.shadow, adapter.platform);
    ui.mount();
    return styled.then(() => ui);
  });
  const [ui] = await Promise.all([styledUi, firstView]);
  // Asked in the same message as the first view, so answered with it, unless the worker is late.
  const collapsed = collapsedAnswer ?? (await readCollapsed(adapter.platform));
  const container = ui.mounted!;

  let props: SidebarProps = {
    platform: adapter.platform,
    watched,
    collapsed,
    theme,
    onToggle: () => setCollapsed(!props.collapsed),
    desk,
  };
  // Canned replies: the picker's library and insertion, and ;shortcut + Tab in the site's composers.
  const templates = wireComposers({
    desk,
    platform: adapter.platform,
    currentContext: () => (props.watched.state === 'read' && props.watched.context.ok ? props.watched.context : undefined),
    signal,
  });
  const update = (patch: Partial<SidebarProps>) => {
    props = { ...props, ...patch };
    render(
      <TemplateHostContext.Provider value={templates}>
        <Sidebar {...props} />
      </TemplateHostContext.Provider>,
      container,
    );
    // For the Performance panel and `npm run bench`: from the loader's `sidedesk:start` (modules/off-thread-content-scripts.ts).
    if (props.watched.state === 'read' && props.watched.context.ok && !performance.getEntriesByName('sidedesk:customer-shown').length) {
      performance.mark('sidedesk:customer-shown');
    }
  };
  const setCollapsed = (value: boolean) => {
    update({ collapsed: value });
    void writeCollapsed(adapter.platform, value);
  };

  mounted = true;
  update({}); // the first render: what the page showed at the start, or since, and the desk's answers if they came
  watchBadges(badgeSpots, desk, { signal, shadowRoots: adapter.shadowRoots });
  onMessage('toggleSidebar', () => setCollapsed(!props.collapsed));
  ctx.addEventListener(window, 'keydown', (e) => isToggleShortcut(e) && (e.preventDefault(), setCollapsed(!props.collapsed)), { capture: true });
}

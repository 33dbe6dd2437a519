import { runSidebar } from '@/lib/content/run-sidebar';
import { siteMatches } from '@/lib/sites/matches';
import { xAdapter } from '@/lib/sites/x';
import { xBadgeSpots } from '@/lib/sites/x-badges';

export default defineContentScript({
  matches: siteMatches.x,
  cssInjectionMode: 'manual',
  main: (ctx) => runSidebar(ctx, xAdapter, xBadgeSpots),
});

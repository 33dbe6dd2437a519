import { runSidebar } from '@/lib/content/run-sidebar';
import { siteMatches } from '@/lib/sites/matches';
import { facebookAdapter } from '@/lib/sites/facebook';
import { facebookBadgeSpots } from '@/lib/sites/facebook-badges';

export default defineContentScript({
  matches: siteMatches.facebook,
  cssInjectionMode: 'manual',
  main: (ctx) => runSidebar(ctx, facebookAdapter, facebookBadgeSpots),
});

import { runSidebar } from '@/lib/content/run-sidebar';
import { siteMatches } from '@/lib/sites/matches';
import { instagramAdapter } from '@/lib/sites/instagram';
import { instagramBadgeSpots } from '@/lib/sites/instagram-badges';

export default defineContentScript({
  matches: siteMatches.instagram,
  cssInjectionMode: 'manual',
  main: (ctx) => runSidebar(ctx, instagramAdapter, instagramBadgeSpots),
});

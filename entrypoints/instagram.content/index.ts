import { runSidebar } from '@/lib/content/run-sidebar';
import { siteMatches } from '@/lib/sites/matches';
import { instagramAdapter } from '@/lib/sites/instagram';

export default defineContentScript({
  matches: siteMatches.instagram,
  cssInjectionMode: 'ui',
  main: (ctx) => runSidebar(ctx, instagramAdapter),
});

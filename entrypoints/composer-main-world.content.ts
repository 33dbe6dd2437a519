import { answerPasteRequests } from '@/lib/composer/main-world';
import { allSiteMatches } from '@/lib/sites/matches';

// The page's main world: pastes replies into editors that take text only from a real paste event
// (Draft.js on X). Started at document_start so it is listening before any insert is asked for.
export default defineContentScript({
  matches: allSiteMatches,
  world: 'MAIN',
  runAt: 'document_start',
  globalName: false, // an anonymous IIFE adds no global to the page
  main: () => {
    answerPasteRequests();
  },
});

/** Inserting replies into the page's own composer; see insert.ts. The main-world half is main-world.ts. */
export { trackComposerCaret } from './caret';
export { expandShortcutsOnTab, type ExpansionResult, type ShortcutExpansion } from './expand';
export { findComposer, type Composer, type ComposerKind } from './find';
export { insertIntoComposer, type InsertFailure, type InsertResult } from './insert';
export type { ComposerName } from './selectors';

/**
 * Where each site keeps its reply box (see ../shared/SITES.md). Each list is a fallback chain:
 * test ids and ARIA first, structure last, obfuscated class names never. The first list that
 * finds an editable element names the composer; what kind of editor it is is read off the element.
 */
export const composerSelectors = {
  // A React-controlled textarea inside the chat's open shadow root; the legacy DM box last.
  'x-chat': ['textarea[data-testid="dm-composer-textarea"]', '[data-testid="dm-composer-form"] textarea', '[data-testid="dmComposerTextInput"]'],
  // Draft.js: the test id sits on the contenteditable itself.
  'x-reply': ['[data-testid="tweetTextarea_0"]', 'div[data-testid^="tweetTextarea_"][contenteditable="true"]'],
  'instagram-dm': [
    '[data-pagelet^="IGDComposer"] [data-lexical-editor="true"]',
    '[data-pagelet^="IGDComposer"] [role="textbox"][contenteditable="true"]',
    '[role="textbox"][contenteditable="true"][aria-placeholder="Message..."]',
  ],
  messenger: [
    '[data-lexical-editor="true"][aria-placeholder="Aa"]',
    '[data-lexical-editor="true"][aria-label^="Write to"]',
    '[role="textbox"][contenteditable="true"][aria-label="Message"]',
  ],
  'facebook-comment': [
    '[data-lexical-editor="true"][aria-label^="Comment as"]',
    '[data-lexical-editor="true"][aria-label^="Reply to"]',
    '[role="textbox"][contenteditable="true"][aria-label^="Comment as"]',
  ],
  'instagram-comment': ['textarea[aria-label="Add a comment…"]', 'textarea[aria-label^="Add a comment"]', 'section form textarea'],
} as const satisfies Record<string, readonly string[]>;

export type ComposerName = keyof typeof composerSelectors;

/** Anything the agent can type into, once a composer selector has matched it or its wrapper. */
export const editableSelector = 'textarea, [contenteditable="true"], [contenteditable=""], [contenteditable="plaintext-only"]';

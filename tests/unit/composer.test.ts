// @vitest-environment happy-dom
/** Finding the composer on markup shaped like each site's (editors mounted), and the main-world paste bridge. */
import { afterEach, describe, expect, it } from 'vitest';
import { composerOf, findComposer } from '../../lib/composer/find';
import { answerPasteRequests, pasteInMainWorld } from '../../lib/composer/main-world';

const mounted = {
  'x-chat': `<div data-testid="xchatEmbedRoute"></div>`,
  'x-reply': `<div class="DraftEditor-root"><div class="DraftEditor-editorContainer">
      <div class="notranslate public-DraftEditor-content" contenteditable="true" role="textbox" data-testid="tweetTextarea_0"><div data-contents="true"></div></div>
    </div></div>`,
  'instagram-dm': `<div data-pagelet="IGDComposer_0"><div contenteditable="true" role="textbox" aria-label="Message" data-lexical-editor="true"><p><br></p></div></div>`,
  messenger: `<div contenteditable="true" role="textbox" aria-label="Message" aria-placeholder="Aa" data-lexical-editor="true"><p><br></p></div>`,
  'facebook-comment': `<form><div contenteditable="true" role="textbox" aria-label="Comment as Sidedesk Support" data-lexical-editor="true"><p><br></p></div></form>`,
  'instagram-comment': `<section><form><textarea aria-label="Add a comment…"></textarea></form></section>`,
} as const;

function render(html: string) {
  document.body.innerHTML = html;
  // X chat renders inside an open shadow root.
  const chatHost = document.querySelector('[data-testid="xchatEmbedRoute"]');
  if (chatHost) chatHost.attachShadow({ mode: 'open' }).innerHTML = '<form data-testid="dm-composer-form"><textarea data-testid="dm-composer-textarea"></textarea></form>';
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('findComposer', () => {
  it.each([
    ['x-chat', 'textarea'],
    ['x-reply', 'draft'],
    ['instagram-dm', 'lexical'],
    ['messenger', 'lexical'],
    ['facebook-comment', 'lexical'],
    ['instagram-comment', 'textarea'],
  ] as const)('finds the %s composer and tells it is a %s editor', (name, kind) => {
    render(`<input aria-label="Search">${mounted[name]}`);
    const composer = findComposer(document);
    expect(composer).toMatchObject({ name, kind });
    expect(composer!.element.matches('textarea, [contenteditable="true"]')).toBe(true);
  });

  it('finds nothing on a page without a composer, however many other inputs it has', () => {
    render('<textarea aria-label="Search Messenger"></textarea><div contenteditable="true">notes</div>');
    expect(findComposer(document)).toBeNull();
  });

  it('takes the comment box the agent used last over the first on the page', () => {
    render(mounted['facebook-comment'].repeat(3));
    const boxes = document.querySelectorAll<HTMLElement>('[contenteditable]');
    expect(findComposer(document)?.element).toBe(boxes[0]);
    expect(findComposer(document, boxes[2])?.element).toBe(boxes[2]);
    boxes[2].remove(); // gone after a navigation: back to the first
    expect(findComposer(document, boxes[2])?.element).toBe(boxes[0]);
  });

  it('knows a composer from a node inside it, and not the sidebar’s own search box', () => {
    render(`${mounted['x-reply']}<input aria-label="Search replies">`);
    expect(composerOf(document.querySelector('[data-contents]'))?.name).toBe('x-reply');
    expect(composerOf(document.querySelector('input'))).toBeNull();
  });
});

describe('pasting from the main world', () => {
  const pastedInto = (editor: HTMLElement, handle: boolean) => {
    const received: string[] = [];
    editor.addEventListener('paste', (event) => {
      received.push(event.clipboardData?.getData('text/plain') ?? '');
      if (handle) event.preventDefault();
    });
    return received;
  };

  it('delivers the text in a real paste event and reports that the editor took it', () => {
    render(mounted['x-reply']);
    const editor = document.querySelector<HTMLElement>('[contenteditable]')!;
    const received = pastedInto(editor, true);
    const stop = answerPasteRequests();
    expect(pasteInMainWorld(editor, 'Hi Jane,\nthanks 🙏')).toBe('handled');
    expect(received).toEqual(['Hi Jane,\nthanks 🙏']);
    stop();
  });

  it('reports an editor that ignored the paste, and a page without the main-world script', () => {
    render(mounted.messenger);
    const editor = document.querySelector<HTMLElement>('[contenteditable]')!;
    pastedInto(editor, false);
    const stop = answerPasteRequests();
    expect(pasteInMainWorld(editor, 'Hi')).toBe('ignored');
    stop();
    expect(pasteInMainWorld(editor, 'Hi')).toBe('no-main-world');
  });

  it('is not fooled by answers the page makes up', () => {
    render(mounted.messenger);
    const editor = document.querySelector<HTMLElement>('[contenteditable]')!;
    window.addEventListener('sidedesk:paste-request', () => {
      document.dispatchEvent(new CustomEvent('sidedesk:paste-answer', { detail: JSON.stringify({ id: 'guessed', handled: true }) }));
    }, { once: true });
    expect(pasteInMainWorld(editor, 'Hi')).toBe('no-main-world');
  });
});

/** Renders a component into happy-dom and drives it as an agent would: by test id, clicks and typing. */
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';

export async function mount(vnode: ComponentChild) {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(vnode, root));
  const all = <E extends Element = HTMLElement>(testId: string) => [...root.querySelectorAll<E>(`[data-testid="${testId}"]`)];
  const get = <E extends Element = HTMLElement>(testId: string) => {
    const el = root.querySelector<E>(`[data-testid="${testId}"]`);
    if (!el) throw new Error(`no [data-testid="${testId}"] in ${root.innerHTML.slice(0, 2_000)}`);
    return el;
  };
  return {
    root,
    get,
    all,
    /** Waits until the element is there (answers from the desk are asynchronous). */
    find: <E extends Element = HTMLElement>(testId: string) => vi.waitFor(() => get<E>(testId), { timeout: 3_000 }),
    /** Waits until the button is there and enabled. */
    findEnabled: (testId: string) =>
      vi.waitFor(
        () => {
          const button = get<HTMLButtonElement>(testId);
          if (button.disabled) throw new Error(`[data-testid="${testId}"] is disabled: ${button.textContent}`);
          return button;
        },
        { timeout: 3_000 },
      ),
    rerender: (next: ComponentChild) => act(() => render(next, root)),
    unmount: () => act(() => render(null, root)),
  };
}

export const until = <T>(check: () => T) => vi.waitFor(check, { timeout: 3_000, interval: 10 });

export const click = (el: Element) => act(() => (el as HTMLElement).click());

export async function type(el: Element, value: string) {
  await act(() => {
    (el as HTMLInputElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function choose(select: Element, value: string) {
  await act(() => {
    (select as HTMLSelectElement).value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** Leaves a field, as tabbing away does: the field saves. */
export const leave = (el: Element) => act(() => void el.dispatchEvent(new FocusEvent('blur')));

/** Opens a folded `<details>`, as a click on its summary does. */
export const unfold = (el: Element) =>
  act(() => {
    (el as HTMLDetailsElement).open = true;
    el.dispatchEvent(new Event('toggle'));
  });

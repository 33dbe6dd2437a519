import { useState } from 'preact/hooks';

/**
 * For a folded `<details>`: whether it has been opened yet, and the `onToggle` that notes it. What
 * it folds away (every message on the page, every comment) is rendered once the agent opens it,
 * not on every page the sidebar shows; once opened, it stays rendered.
 */
export function useOpened(): [boolean, (event: Event) => void] {
  const [opened, setOpened] = useState(false);
  return [opened, (event) => (event.currentTarget as HTMLDetailsElement).open && setOpened(true)];
}

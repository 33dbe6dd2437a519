/**
 * The page's own way of streaming in rows, for the content-script bench: React renders copies of
 * one of the page's rows at the end of its list, a few a frame, as the sites render messages they load. Bundled and run in
 * the page's main world, so its work is the page's scripting the extension's is compared with.
 */
import { createElement, memo, useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

const reactNames: Record<string, string> = { class: 'className', for: 'htmlFor', tabindex: 'tabIndex', contenteditable: 'contentEditable', spellcheck: 'spellCheck' };

function propsOf(element: Element, key: number): Record<string, unknown> {
  const props: Record<string, unknown> = { key };
  for (const { name, value } of element.attributes) {
    if (name !== 'style') props[reactNames[name] ?? name] = value;
    else props.style = Object.fromEntries(value.split(';').flatMap((rule) => {
      const [property, ...rest] = rule.split(':');
      return property.trim() && rest.length ? [[property.trim().replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), rest.join(':').trim()]] : [];
    }));
  }
  return props;
}

function toReact(node: Node, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.nodeValue;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const element = node as Element;
  const children = [...element.childNodes].map(toReact);
  return createElement(element.localName, propsOf(element, key), ...children);
}

declare global {
  interface Window {
    /** Appends `count` copies of `row` after it, `perFrame` a frame; resolves when all are on the page. */
    __streamRows(row: Element, count: number, perFrame: number): Promise<void>;
  }
}

window.__streamRows = (row, count, perFrame) =>
  new Promise((resolve) => {
    const Row = memo(() => toReact(row, 0));
    function Rows() {
      const [shown, setShown] = useState(0);
      useEffect(() => {
        if (shown >= count) return resolve();
        const frame = requestAnimationFrame(() => setShown(Math.min(count, shown + perFrame)));
        return () => cancelAnimationFrame(frame);
      }, [shown]);
      return Array.from({ length: shown }, (_, i) => createElement(Row, { key: i }));
    }
    const host = document.createElement('div');
    host.style.display = 'contents';
    row.parentElement!.append(host);
    createRoot(host).render(createElement(Rows));
  });

/**
 * Observes the page for the page and badge watches: its document, and on a site that renders
 * into open shadow roots (SiteAdapter.shadowRoots) those roots too, each once, as reads find them.
 * Elsewhere nothing searches for shadow roots: it is a walk of the whole page.
 */
import { shadowHosts } from '../sites/dom';

export function observePage(observer: MutationObserver, init: MutationObserverInit, shadowRoots: boolean) {
  const observed = new WeakSet<Node>();
  const observe = (target: Node) => {
    if (observed.has(target)) return;
    observed.add(target);
    observer.observe(target, init);
  };
  observe(document.body ?? document.documentElement);
  return {
    /** Call after each read: the shadow roots it found may be new. */
    observeShadowRoots: () => shadowRoots && shadowHosts(document).forEach((host) => host.shadowRoot && observe(host.shadowRoot)),
  };
}

// @vitest-environment happy-dom
/** A panel whose first view the sidebar asked for before rendering it (DeskApi.preloaded). */
import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import type { DeskApi, DeskCall, DeskRequest, DeskResponse } from '../../../components/desk-api';
import { DeskPanel, preloadDeskPanel } from '../../../components/DeskPanel';
import { mount, until } from './dom';
import { memoryDesk } from './memory-desk';
import { customerSays, xDm } from '../desk/helpers';

const context = xDm([customerSays('Hi! My order #4411 has not arrived', { siteId: 'm1' })]);

/** The memory desk, with the answers the panel asks first asked ahead; `stale` says which of them a change has since made stale. */
async function preloadedDesk(stale: (name: DeskCall, asked: number) => boolean = () => false) {
  const memory = memoryDesk();
  const answers = new Map<string, unknown>();
  const key = (name: DeskCall, data: unknown) => `${name} ${JSON.stringify(data ?? null)}`;
  await Promise.all(preloadDeskPanel(async (name, data) => answers.set(key(name, data), await memory.desk.call(name, data)), context.customer, context));
  memory.calls.length = 0;
  const asked = new Map<DeskCall, number>();
  const desk: DeskApi = {
    ...memory.desk,
    preloaded<K extends DeskCall>(name: K, data: DeskRequest<K>) {
      asked.set(name, (asked.get(name) ?? 0) + 1);
      return stale(name, asked.get(name)!) ? undefined : (answers.get(key(name, data)) as DeskResponse<K> | undefined);
    },
  };
  return { ...memory, desk };
}

describe('a panel whose first view was asked for ahead', () => {
  it('shows it in its first render, and does not ask again', async () => {
    const { desk, calls } = await preloadedDesk();
    const ui = await mount(h(DeskPanel, { desk, identity: context.customer, context }));
    expect(ui.get('log-ticket').textContent).toBe('Log conversation (1 message)');
    expect(ui.get('customer-add')).toBeTruthy();
    expect(calls).toEqual([]);
  });

  it('asks again when a change was announced between its render and its effects', async () => {
    // The view is fresh when rendered (first look) and stale by the time the effects check (second).
    const { desk, callsTo } = await preloadedDesk((name, asked) => name === 'getDeskView' && asked > 1);
    const ui = await mount(h(DeskPanel, { desk, identity: context.customer, context }));
    expect(ui.get('log-ticket').textContent).toBe('Log conversation (1 message)');
    await until(() => expect(callsTo('getDeskView')).toHaveLength(1));
    expect(callsTo('listAgents')).toEqual([]);
  });
});

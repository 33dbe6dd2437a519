/** The background's side of calls sent together (lib/messaging.ts): each answered by its own handler, as if alone. */
import { describe, expect, it, vi } from 'vitest';

type Listener = (message: { type: string; data: unknown; id: number; timestamp: number }) => unknown;
/** What each messenger lib/messaging.ts defines registered, by message. */
const registered = new Map<string, Listener>();
vi.mock('@webext-core/messaging', () => ({
  defineExtensionMessaging: () => ({
    sendMessage: vi.fn(),
    onMessage: (type: string, listener: Listener) => {
      registered.set(type, listener);
      return () => registered.delete(type);
    },
  }),
}));

const { answerBatches, onMessage } = await import('../../../lib/messaging');

describe('a batch of desk calls, in the background', () => {
  it('answers each call with the handler registered for it, in order, and a refusal as its sentence', async () => {
    const asked: unknown[] = [];
    onMessage('listAgents', () => [{ id: 'a1', name: 'Ana' }] as never);
    onMessage('getTicketThread', async ({ data }) => {
      asked.push(data);
      throw new Error(`No ticket ${data.ticketId}`);
    });
    const removeStatus = onMessage('getSyncStatus', () => ({ state: 'synced' }) as never);
    removeStatus();
    answerBatches();

    const answers = await registered.get('batch')!({
      type: 'batch',
      id: 1,
      timestamp: 0,
      data: {
        calls: [
          { name: 'getTicketThread', data: { ticketId: 't9' } },
          { name: 'listAgents', data: undefined },
          { name: 'getSyncStatus', data: undefined },
        ],
      },
    });
    expect(answers).toEqual([{ error: 'No ticket t9' }, { value: [{ id: 'a1', name: 'Ana' }] }, { error: 'Nothing answers getSyncStatus' }]);
    expect(asked).toEqual([{ ticketId: 't9' }]);
  });
});

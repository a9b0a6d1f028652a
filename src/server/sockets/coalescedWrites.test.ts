import { describe, expect, it } from 'vitest';
import { coalesceWrites } from './coalescedWrites';

/** An engine.io connection as coalesceWrites sees it, recording what reaches the network. */
function fakeConnection(transportName = 'websocket') {
  const events: string[] = [];
  let queued: string[] = [];
  const tcp = { cork: () => events.push('cork'), uncork: () => events.push('uncork') };
  const connection = {
    transport: { name: transportName, socket: { _socket: tcp } },
    /** What engine.io does on each packet: queue it, then flush. */
    send(packet: string) {
      queued.push(packet);
      connection.flush();
    },
    flush() {
      if (queued.length > 0) events.push(`write ${queued.join('+')}`);
      queued = [];
    },
  };
  return { connection, events };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesceWrites', () => {
  it('sends the packets queued in one turn in one flush, corked, and in order', async () => {
    const { connection, events } = fakeConnection();
    coalesceWrites(connection);
    connection.send('message:received');
    await Promise.resolve(); // an ack sent from a promise continuation still joins
    connection.send('ack');
    expect(events).toEqual([]);
    await nextTurn();
    expect(events).toEqual(['cork', 'write message:received+ack', 'uncork']);
    connection.send('later');
    await nextTurn();
    expect(events.slice(3)).toEqual(['cork', 'write later', 'uncork']);
  });

  it('flushes without corking on a transport without a TCP socket of its own (polling)', async () => {
    const { connection, events } = fakeConnection('polling');
    coalesceWrites(connection);
    connection.send('a');
    connection.send('b');
    await nextTurn();
    expect(events).toEqual(['write a+b']);
  });
});

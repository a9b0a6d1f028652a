import { describe, expect, it } from 'vitest';
import { type Message, messageSchema } from '../../src/shared/protocol/entities';
import { connectChat, connectWs, emitAck, newClientId, newUsers, useRealtimeServer } from './support/realtimeClients';
import { PDF_BYTES, photoWithGps, uploadOk } from './support/restMedia';

let url: string;
useRealtimeServer((shared) => ({ url } = shared));

const withMedia = (mediaId: string) => (message: Message) => message.media?._id === mediaId;

describe('media on every transport', () => {
  it('message:send with mediaId reaches seed-style Socket.IO clients as media:received, and /ws clients as new_message, with media', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const bobSocket = await connectChat(url, bob.token, 'bobSocket');
    const bobWs = await connectWs(url, bob.token, 'bobWs');
    const aliceSocket = await connectChat(url, alice.token, 'aliceSocket');
    const photo = await uploadOk(url, alice, await photoWithGps(300, 200), 'sunset.jpg');

    const ack = await emitAck(aliceSocket, 'message:send', {
      clientId: newClientId(),
      receiverId: bob.userId,
      messageType: 'image',
      mediaId: photo._id,
      content: 'look 🌅',
    });
    expect(ack.ok).toBe(true);
    const sent = messageSchema.parse(ack.message);
    expect(sent).toMatchObject({ messageType: 'image', content: 'look 🌅', media: photo });

    for (const client of [bobSocket, aliceSocket]) {
      expect(await client.log.waitFor<Message>('media:received', withMedia(photo._id))).toEqual(sent);
      expect(client.log.all('message:received')).toEqual([]);
    }
    expect(messageSchema.parse(await bobWs.log.waitFor<Message>('new_message', withMedia(photo._id)))).toEqual(sent);
  });

  it('/ws chat_message with mediaId sends a file, and Socket.IO clients get it as media:received', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const bobSocket = await connectChat(url, bob.token, 'bobSocket');
    const aliceWs = await connectWs(url, alice.token, 'aliceWs');
    const file = await uploadOk(url, alice, PDF_BYTES, 'agenda.pdf');

    aliceWs.send('chat_message', {
      receiverId: bob.userId,
      messageType: 'file',
      mediaId: file._id,
      clientId: 'w-file',
    });
    await aliceWs.log.waitFor('message_sent');
    const received = messageSchema.parse(await bobSocket.log.waitFor<Message>('media:received', withMedia(file._id)));
    expect(received).toMatchObject({ messageType: 'file', content: 'agenda.pdf', media: file, clientId: 'w-file' });
  });

  it("refuses someone else's media over Socket.IO with NOT_FOUND, storing nothing", async () => {
    const [alice, bob] = await newUsers(url, 2);
    const bobSocket = await connectChat(url, bob.token, 'bobSocket');
    const file = await uploadOk(url, alice, PDF_BYTES, 'private.pdf');
    const ack = await emitAck(bobSocket, 'message:send', {
      clientId: newClientId(),
      receiverId: alice.userId,
      messageType: 'file',
      mediaId: file._id,
    });
    expect(ack).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(bobSocket.log.all('media:received')).toEqual([]);
  });
});

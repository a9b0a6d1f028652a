import { describe, expect, it } from 'vitest';
import { MemoryAttachmentStore } from '../../src/core/mediaUploads';
import type { MediaUploader } from '../../src/core/ports';
import type { Message } from '../../src/shared/protocol/entities';
import { memoryPorts } from '../doubles/memoryPorts';
import { engineKit, messagesWith, payloads, run, serverMessages, until } from './support/engineKit';
import { PDF_BYTES, photoWithGps } from './support/restMedia';
import type { TestServer } from './support/testServer';

const kit = engineKit();

const withMedia = (message: Message) => message.media !== undefined;

/** Alice and Bob signed in, Alice's engine on `alicePorts`, and their direct conversation. */
async function setUp(s: TestServer, alicePorts = memoryPorts()) {
  const alice = await kit.signIn(s, { prefix: 'alice', ports: alicePorts });
  const bob = await kit.signIn(s, { prefix: 'bob' });
  const hello = await run(alice, 'sendMessage', { receiverId: bob.user._id, content: 'hello' });
  const { conversationId } = await messagesWith(bob, null, (m) => m.clientId === hello.clientId);
  await messagesWith(alice, conversationId, (m) => m.clientId === hello.clientId);
  return { alice, bob, conversationId };
}

describe('attachments through the engine', () => {
  // memoryPorts has no uploader: these go through the engine's default, fetchUploader.
  it('uploads a photo with progress, sends it with its caption, and both sides hold it with its media', async () => {
    const s = await kit.server();
    const attachments = new MemoryAttachmentStore();
    const { alice, bob, conversationId } = await setUp(s, memoryPorts({ attachments }));
    const photo = await photoWithGps(1600, 1200);

    const queued = await run(alice, 'sendMessage', {
      conversationId,
      content: 'the view 🏔️',
      attachment: {
        bytes: new Uint8Array(photo),
        fileName: 'view.jpg',
        contentType: 'image/jpeg',
        width: 1600,
        height: 1200,
      },
    });
    expect(queued).toMatchObject({ messageType: 'image', attachment: { fileName: 'view.jpg', size: photo.length } });

    const { messages } = await messagesWith(bob, conversationId, withMedia);
    const received = messages.find(withMedia)!;
    expect(received).toMatchObject({
      clientId: queued.clientId,
      messageType: 'image',
      content: 'the view 🏔️',
      media: { fileName: 'view.jpg', contentType: 'image/jpeg', width: 1600, height: 1200 },
    });
    await messagesWith(alice, conversationId, (m) => m.clientId === queued.clientId);
    await until(alice, 'outbox', (outbox) => outbox.length === 0);
    // Progress was shown along the way, never past the file's size.
    const progress = payloads(alice, 'outbox').flatMap((outbox) =>
      outbox.map((item) => item.attachment?.uploaded ?? 0),
    );
    expect(Math.max(...progress)).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBeLessThanOrEqual(photo.length);
    // The bytes kept for the send are gone once it is sent.
    await expect.poll(async () => attachments.read(queued.attachment!.ref)).toBeNull();

    // The media's bytes reach both members through the engine (what the hosts serve the page).
    const bytes = await (await bob.engine.fetchMedia(received.media!._id, 'thumbnail')).arrayBuffer();
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect((await alice.engine.fetchMedia(received.media!._id, 'original')).status).toBe(200);
  });

  it('keeps a file picked offline across a restart, then uploads and sends it once the server is back', async () => {
    const s = await kit.server();
    const ports = memoryPorts({ attachments: new MemoryAttachmentStore() });
    const { alice, bob, conversationId } = await setUp(s, ports);

    const down = alice.nextStatus('reconnecting');
    await kit.stopServer(s);
    await down;
    const queued = await run(alice, 'sendMessage', {
      conversationId,
      attachment: { bytes: PDF_BYTES, fileName: 'minutes.pdf', contentType: 'application/pdf' },
    });
    expect(queued).toMatchObject({ messageType: 'file', content: '', attachment: { media: null } });
    const stored = await ports.store.get<{ attachment?: { ref: string } }[]>(`outbox:${alice.user._id}`);
    expect(stored?.map((item) => item.attachment?.ref)).toEqual([queued.attachment!.ref]);
    await alice.engine.stop();

    const bobBack = bob.nextStatus('online', 20_000);
    await kit.restartServer(s);
    const again = kit.host(s.url, ports);
    await again.engine.start();
    await bobBack;
    const { messages } = await messagesWith(bob, conversationId, withMedia);
    expect(messages.find(withMedia)).toMatchObject({
      clientId: queued.clientId,
      messageType: 'file',
      content: 'minutes.pdf',
      media: { fileName: 'minutes.pdf', contentType: 'application/pdf' },
    });
    const onServer = await serverMessages(s, alice.user.username, conversationId);
    expect(onServer.filter((m: Message) => m.clientId === queued.clientId)).toHaveLength(1);
    await until(again, 'outbox', (outbox) => outbox.length === 0);
    await expect.poll(async () => ports.attachments!.read(queued.attachment!.ref)).toBeNull();
  });

  it('cancels an upload under way: nothing reaches the conversation, and the next message goes out', async () => {
    const s = await kit.server();
    let started!: () => void;
    const uploadStarted = new Promise<void>((resolve) => (started = resolve));
    // The upload waits until it is aborted, as a slow link would: then it fails like fetch does.
    const stalled: MediaUploader = (request) => {
      started();
      return new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    };
    const { alice, bob, conversationId } = await setUp(s, memoryPorts({ upload: stalled }));

    const queued = await run(alice, 'sendMessage', {
      conversationId,
      attachment: { bytes: PDF_BYTES, fileName: 'big.pdf', contentType: 'application/pdf' },
    });
    const after = await run(alice, 'sendMessage', { conversationId, content: 'never mind' });
    await uploadStarted;
    expect(await run(alice, 'cancelUpload', { clientId: queued.clientId })).toEqual({});

    await messagesWith(bob, conversationId, (m) => m.clientId === after.clientId);
    await until(alice, 'outbox', (outbox) => outbox.length === 0);
    const onServer = await serverMessages(s, alice.user.username, conversationId);
    expect(onServer.map((m: Message) => m.content)).toEqual(['hello', 'never mind']);
    // A text message cannot be cancelled; neither can anything no longer queued.
    const refused = await alice.engine.invoke('cancelUpload', { clientId: queued.clientId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

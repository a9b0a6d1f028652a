import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { RealtimeEvent } from './realtimeHub';

/** The Redis pub/sub channel instances tell each other on. */
export const RELAY_CHANNEL = 'messenger:relay';

/**
 * What one instance tells the others:
 * - `event`: a RealtimeEvent published here, for the others' own connections (`/ws`, and the
 *   per-socket work of Socket.IO sockets they hold; Socket.IO's emits reach every instance's
 *   sockets through its Redis adapter already, so they are not repeated);
 * - `online`: a user came online or went offline (the others keep a local copy of who is online).
 */
export type RelayMessage =
  { kind: 'event'; event: RealtimeEvent } | { kind: 'online'; userId: string; isOnline: boolean };

type Envelope = { from: string; message: RelayMessage };

/**
 * Relays messages between instances over Redis pub/sub, one channel, so each instance's
 * messages arrive in the order it sent them. An instance never hears its own. Pub/sub keeps
 * nothing: an instance that is not subscribed (starting, or cut off from Redis) misses what is
 * said meanwhile, which clients make up for by catching up when they (re)connect.
 */
export class RedisRelay {
  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly instanceId: string,
  ) {}

  /**
   * Subscribes (resolves once Redis confirmed, so nothing published after is missed) and hands
   * every message another instance sends to `onMessage`. `publisher` is a shared client; the
   * subscriber is a connection of its own, closed by `close`.
   */
  static async open(
    publisher: Redis,
    instanceId: string,
    onMessage: (message: RelayMessage) => void,
    logger: Logger,
  ): Promise<RedisRelay> {
    const subscriber = publisher.duplicate();
    subscriber.on('error', (error: unknown) => logger.warn({ err: error }, 'redis relay connection'));
    subscriber.on('message', (channel: string, text: string) => {
      if (channel !== RELAY_CHANNEL) return;
      let envelope: Envelope;
      try {
        envelope = JSON.parse(text) as Envelope;
      } catch (error) {
        logger.error({ err: error }, 'unreadable relay message');
        return;
      }
      if (envelope.from === instanceId) return;
      try {
        onMessage(envelope.message);
      } catch (error) {
        logger.error({ err: error }, 'relay message failed');
      }
    });
    await subscriber.subscribe(RELAY_CHANNEL);
    return new RedisRelay(publisher, subscriber, instanceId);
  }

  /** Tells every other instance; a failure (Redis down) is logged by the caller's `catch`. */
  async send(message: RelayMessage): Promise<void> {
    const envelope: Envelope = { from: this.instanceId, message };
    await this.publisher.publish(RELAY_CHANNEL, JSON.stringify(envelope));
  }

  close(): void {
    this.subscriber.disconnect();
  }
}

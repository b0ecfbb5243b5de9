/**
 * A wiretap between Node's TLS client and its TCP socket (read what it heard with
 * clear-handshake.ts).
 *
 *   const tap = tapSocket(net.connect({ host, port }));
 *   const socket = tls.connect({ socket: tap.stream, servername, … });
 *   … once it closes: clearTranscript({ client: tap.outbound, server: tap.inbound })
 *
 * Node wraps a Duplex that is not a net.Socket in a JSStreamSocket, which re-emits the Duplex's
 * 'error' and treats its 'end' as the peer's FIN, so the TLS socket reports a reset or an early
 * close exactly as it would over the bare socket (measured on Node 20.20: 'read ECONNRESET',
 * and "Client network socket disconnected before secure TLS connection was established" for a
 * FIN during the handshake, both with code ECONNRESET).
 */
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/** Default recording limit per direction: a handshake with a long chain fits many times over. */
export const DEFAULT_TAP_BYTES = 256 * 1024;

export interface TapOptions {
  /** Bytes recorded per direction (default DEFAULT_TAP_BYTES); traffic beyond still flows. */
  maxBytes?: number;
}

/** One chunk as it crossed the tap, so the two directions can be interleaved in time order. */
export interface TapSegment {
  direction: 'inbound' | 'outbound';
  /** Offset of the chunk in its direction's stream. */
  offset: number;
  length: number;
}

export interface SocketTap {
  /** Pass this to `tls.connect({ socket })`. */
  stream: Duplex;
  /** Bytes received from the peer (server → client), at most maxBytes. */
  readonly inbound: Buffer;
  /** Bytes sent to the peer (client → server), at most maxBytes. */
  readonly outbound: Buffer;
  /** Whether more went that way than was recorded. */
  readonly truncated: { inbound: boolean; outbound: boolean };
  /** Every chunk recorded, in the order they crossed (recorded bytes only). */
  readonly segments: readonly TapSegment[];
}

class Recording {
  private chunks: Buffer[] = [];
  private joined: Buffer | null = Buffer.alloc(0);
  size = 0;
  truncated = false;

  constructor(
    private readonly direction: TapSegment['direction'],
    private readonly limit: number,
    private readonly segments: TapSegment[],
  ) {}

  add(chunk: Buffer): void {
    const room = this.limit - this.size;
    if (chunk.length > room) this.truncated = true;
    if (room <= 0) return;
    // Copy: a writer may reuse its buffer after the write callback.
    const kept = Buffer.from(chunk.subarray(0, room));
    this.segments.push({ direction: this.direction, offset: this.size, length: kept.length });
    this.chunks.push(kept);
    this.size += kept.length;
    this.joined = null;
  }

  get bytes(): Buffer {
    if (!this.joined) {
      this.joined = Buffer.concat(this.chunks, this.size);
      this.chunks = [this.joined];
    }
    return this.joined;
  }
}

/**
 * Wraps a TCP socket in a Duplex that forwards both ways and records what passes. End, close and
 * errors travel both ways; backpressure is passed through, so nothing queues in the tap.
 */
export function tapSocket(socket: Socket, options: TapOptions = {}): SocketTap {
  const limit = options.maxBytes ?? DEFAULT_TAP_BYTES;
  const segments: TapSegment[] = [];
  const inbound = new Recording('inbound', limit, segments);
  const outbound = new Recording('outbound', limit, segments);

  const stream = new Duplex({
    // The TLS layer decides when to end its side; the tap only relays FINs.
    allowHalfOpen: true,
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      outbound.add(chunk);
      // Call back once the socket accepted the bytes (or on 'drain'), never queueing here.
      if (socket.write(chunk)) callback();
      else socket.once('drain', () => callback());
    },
    final(callback) {
      socket.end();
      callback();
    },
    destroy(error, callback) {
      if (!socket.destroyed) socket.destroy();
      callback(error);
    },
  });

  socket.on('data', (chunk: Buffer) => {
    inbound.add(chunk);
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('error', (error) => stream.destroy(error));
  // A socket destroyed without an error (by its owner) closes the stream too.
  socket.on('close', () => {
    if (!stream.destroyed) stream.destroy();
  });

  return {
    stream,
    get inbound() {
      return inbound.bytes;
    },
    get outbound() {
      return outbound.bytes;
    },
    get truncated() {
      return { inbound: inbound.truncated, outbound: outbound.truncated };
    },
    segments,
  };
}

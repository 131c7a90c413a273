// Encodes DOM batches into frames for the customer's socket. Each batch is encoded in a task of
// its own (a message to ourselves, which hidden tabs do not throttle as they do timers): a
// capture slice and the encoding of what it produced would otherwise add up to one long task
// (ARCHITECTURE.md §5: none over 50 ms). Deflating is asynchronous too, so frames go through one promise
// chain: they reach the socket in the order they were captured. Frames are numbered when they
// are queued (frame.ts): a batch that starts a snapshot starts a new epoch.
import type { Op } from '../dom/format';
import { DEFLATE_THRESHOLD, FRAME_DEFLATE, FRAME_HEADER, FRAME_JSON, writeHeader, type FrameNumber } from './frame';

export interface FrameEncoder {
  /** Queues a batch; `send` is called with its frame, in order. `fresh`: the batch is a full
   * snapshot, frame 0 of a new epoch. */
  push(batch: Op[], fresh?: boolean): void;
  /** No more batches: the ones queued are still sent, then the encoder lets go of its channel. */
  close(): void;
}

export function createFrameEncoder(send: (frame: Uint8Array) => void): FrameEncoder {
  const utf8 = new TextEncoder();
  let chain: Promise<void> = Promise.resolve();
  const canDeflate = typeof CompressionStream === 'function';
  const queue: Array<[Op[], FrameNumber]> = [];
  const channel = new MessageChannel();
  let closed = false;
  // A random first epoch: a page that loads anew never repeats the numbers of the page before.
  let epoch = (Math.random() * 0x1_0000_0000) >>> 0;
  let seq = 0;

  function withHeader(kind: number, n: FrameNumber, body: Uint8Array): Uint8Array {
    const out = new Uint8Array(body.length + FRAME_HEADER);
    writeHeader(out, kind, n);
    out.set(body, FRAME_HEADER);
    return out;
  }

  async function deflate(body: Uint8Array): Promise<Uint8Array> {
    const stream = new Blob([body as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  channel.port1.onmessage = () => {
    const [batch, n] = queue.shift() as [Op[], FrameNumber];
    const body = utf8.encode(JSON.stringify(batch));
    if (!canDeflate || body.length < DEFLATE_THRESHOLD) {
      chain = chain.then(() => send(withHeader(FRAME_JSON, n, body)));
    } else {
      const packed = deflate(body);
      chain = chain.then(async () => send(withHeader(FRAME_DEFLATE, n, await packed))).catch(() => undefined);
    }
    if (closed && queue.length === 0) channel.port1.close();
  };

  return {
    push(batch, fresh = false) {
      if (closed) return;
      if (fresh) { epoch = (epoch + 1) >>> 0; seq = 0; } else seq = (seq + 1) >>> 0;
      queue.push([batch, { epoch, seq }]);
      channel.port2.postMessage(0);
    },
    close() {
      closed = true;
      if (queue.length === 0) channel.port1.close();
    },
  };
}

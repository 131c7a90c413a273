// Encodes DOM batches into frames for the customer's socket. Each batch is encoded in a task of
// its own (a message to ourselves, which hidden tabs do not throttle as they do timers): a
// capture slice and the encoding of what it produced would otherwise add up to one long task
// (DESIGN §5: none over 50 ms). Deflating is asynchronous too, so frames go through one promise
// chain: they reach the socket in the order they were captured.
import { DEFLATE_THRESHOLD, FRAME_DEFLATE, FRAME_JSON } from './frame';

export interface FrameEncoder {
  /** Queues a batch; `send` is called with its frame, in order. */
  push(batch: unknown): void;
  /** No more batches: the ones queued are still sent, then the encoder lets go of its channel. */
  close(): void;
}

export function createFrameEncoder(send: (frame: Uint8Array) => void): FrameEncoder {
  const utf8 = new TextEncoder();
  let chain: Promise<void> = Promise.resolve();
  const canDeflate = typeof CompressionStream === 'function';
  const queue: unknown[] = [];
  const channel = new MessageChannel();
  let closed = false;

  function withHeader(kind: number, body: Uint8Array): Uint8Array {
    const out = new Uint8Array(body.length + 1);
    out[0] = kind;
    out.set(body, 1);
    return out;
  }

  async function deflate(body: Uint8Array): Promise<Uint8Array> {
    const stream = new Blob([body as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  channel.port1.onmessage = () => {
    const body = utf8.encode(JSON.stringify(queue.shift()));
    if (!canDeflate || body.length < DEFLATE_THRESHOLD) {
      chain = chain.then(() => send(withHeader(FRAME_JSON, body)));
    } else {
      const packed = deflate(body);
      chain = chain.then(async () => send(withHeader(FRAME_DEFLATE, await packed))).catch(() => undefined);
    }
    if (closed && queue.length === 0) channel.port1.close();
  };

  return {
    push(batch) {
      if (closed) return;
      queue.push(batch);
      channel.port2.postMessage(0);
    },
    close() {
      closed = true;
      if (queue.length === 0) channel.port1.close();
    },
  };
}

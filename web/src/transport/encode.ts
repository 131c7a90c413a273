// Encodes DOM batches into frames for the customer's socket. Deflating is asynchronous, so
// frames go through one promise chain: they reach the socket in the order they were captured.
import { DEFLATE_THRESHOLD, FRAME_DEFLATE, FRAME_JSON } from './frame';

export interface FrameEncoder {
  /** Queues a batch; `send` is called with its frame, in order. */
  push(batch: unknown): void;
}

export function createFrameEncoder(send: (frame: Uint8Array) => void): FrameEncoder {
  const utf8 = new TextEncoder();
  let chain: Promise<void> = Promise.resolve();
  const canDeflate = typeof CompressionStream === 'function';

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

  return {
    push(batch) {
      const body = utf8.encode(JSON.stringify(batch));
      if (!canDeflate || body.length < DEFLATE_THRESHOLD) {
        chain = chain.then(() => send(withHeader(FRAME_JSON, body)));
        return;
      }
      const packed = deflate(body);
      chain = chain.then(async () => send(withHeader(FRAME_DEFLATE, await packed))).catch(() => undefined);
    },
  };
}

// Decodes frames from the agent's socket back into DOM batches with their numbers (frame.ts),
// in arrival order (inflating is asynchronous, so decoding goes through one promise chain).
// A batch is typed as the DOM format says (dom/format.ts) but comes from another browser: the
// mirror checks every op it applies and sanitises what it builds.
import type { Op } from '../dom/format';
import { FRAME_DEFLATE, FRAME_HEADER, FRAME_JSON, readHeader, type FrameNumber } from './frame';

export interface FrameDecoder {
  push(frame: ArrayBuffer): void;
}

export function createFrameDecoder(deliver: (batch: Op[], n: FrameNumber) => void, onError: (why: string) => void): FrameDecoder {
  const utf8 = new TextDecoder();
  let chain: Promise<void> = Promise.resolve();

  async function inflate(body: Uint8Array): Promise<string> {
    const stream = new Blob([body as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Response(stream).text();
  }

  return {
    push(frame) {
      const bytes = new Uint8Array(frame);
      const head = readHeader(bytes);
      const body = bytes.subarray(FRAME_HEADER);
      const text: Promise<string> | string | null = head === null ? null
        : head.kind === FRAME_JSON ? utf8.decode(body) : head.kind === FRAME_DEFLATE ? inflate(body) : null;
      if (head === null || text === null) {
        onError(head === null ? 'a frame shorter than its header' : `unknown frame kind ${head.kind}`);
        return;
      }
      const n = { epoch: head.epoch, seq: head.seq };
      chain = chain.then(async () => {
        try {
          deliver(JSON.parse(await text) as Op[], n);
        } catch (e) {
          onError(`undecodable frame: ${e}`);
        }
      });
    },
  };
}

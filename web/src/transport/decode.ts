// Decodes frames from the agent's socket back into DOM batches, in arrival order (inflating
// is asynchronous, so decoding goes through one promise chain).
import { FRAME_DEFLATE, FRAME_JSON } from './frame';

export interface FrameDecoder {
  push(frame: ArrayBuffer): void;
}

export function createFrameDecoder(deliver: (batch: unknown) => void, onError: (why: string) => void): FrameDecoder {
  const utf8 = new TextDecoder();
  let chain: Promise<void> = Promise.resolve();

  async function inflate(body: Uint8Array): Promise<string> {
    const stream = new Blob([body as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Response(stream).text();
  }

  return {
    push(frame) {
      const bytes = new Uint8Array(frame);
      const body = bytes.subarray(1);
      const text: Promise<string> | string | null =
        bytes[0] === FRAME_JSON ? utf8.decode(body) : bytes[0] === FRAME_DEFLATE ? inflate(body) : null;
      if (text === null) {
        onError(`unknown frame kind ${bytes[0]}`);
        return;
      }
      chain = chain.then(async () => {
        try {
          deliver(JSON.parse(await text));
        } catch (e) {
          onError(`undecodable frame: ${e}`);
        }
      });
    },
  };
}

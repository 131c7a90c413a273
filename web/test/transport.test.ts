// The wire envelope (transport/frame.ts) and the encoder/decoder pair round trip: header
// numbering, epochs, JSON and deflated bodies, and the decoder's refusal of bad frames.
import { describe, expect, it } from 'vitest';
import type { Op } from '../src/dom/format';
import { createFrameDecoder } from '../src/transport/decode';
import { createFrameEncoder } from '../src/transport/encode';
import { DEFLATE_THRESHOLD, FRAME_DEFLATE, FRAME_HEADER, FRAME_JSON, readHeader, writeHeader } from '../src/transport/frame';

function collect(count: number, push: (enc: ReturnType<typeof createFrameEncoder>) => void): Promise<Uint8Array[]> {
  return new Promise((resolve) => {
    const out: Uint8Array[] = [];
    const enc = createFrameEncoder((f) => { out.push(f); if (out.length === count) { enc.close(); resolve(out); } });
    push(enc);
  });
}

function decodeAll(frames: Uint8Array[]): Promise<{ batches: Array<[Op[], number, number]>; errors: string[] }> {
  return new Promise((resolve) => {
    const batches: Array<[Op[], number, number]> = [];
    const errors: string[] = [];
    const done = () => { if (batches.length + errors.length === frames.length) resolve({ batches, errors }); };
    const dec = createFrameDecoder((b, n) => { batches.push([b, n.epoch, n.seq]); done(); }, (why) => { errors.push(why); done(); });
    for (const f of frames) dec.push(f.slice().buffer);
  });
}

describe('frame header', () => {
  it('writes kind, epoch and seq little-endian and reads them back', () => {
    const out = new Uint8Array(FRAME_HEADER + 2);
    writeHeader(out, FRAME_DEFLATE, { epoch: 0x01020304, seq: 0xfffffffe });
    expect(Array.from(out.subarray(0, FRAME_HEADER))).toEqual([1, 4, 3, 2, 1, 0xfe, 0xff, 0xff, 0xff]);
    expect(readHeader(out)).toEqual({ kind: FRAME_DEFLATE, epoch: 0x01020304, seq: 0xfffffffe });
  });

  it('reads a header at an offset into a larger buffer', () => {
    const big = new Uint8Array(32);
    const view = big.subarray(5, 5 + FRAME_HEADER);
    writeHeader(view, FRAME_JSON, { epoch: 7, seq: 9 });
    expect(readHeader(view)).toEqual({ kind: FRAME_JSON, epoch: 7, seq: 9 });
    expect(big[5]).toBe(0);
    expect(big[6]).toBe(7);
  });

  it('refuses a frame shorter than its header', () => {
    expect(readHeader(new Uint8Array(FRAME_HEADER - 1))).toBeNull();
  });
});

describe('encoder and decoder', () => {
  it('numbers frames within an epoch and starts a new epoch on a fresh snapshot', async () => {
    const frames = await collect(4, (enc) => {
      enc.push([[9, 'a', 't']], true);
      enc.push([[4, 2, 'x']]);
      enc.push([[4, 2, 'y']]);
      enc.push([[9, 'b', 't']], true);
    });
    const heads = frames.map((f) => readHeader(f)!);
    expect(heads.map((h) => h.seq)).toEqual([0, 1, 2, 0]);
    expect(heads[1].epoch).toBe(heads[0].epoch);
    expect(heads[3].epoch).toBe((heads[0].epoch + 1) >>> 0);
    expect(heads.every((h) => h.kind === FRAME_JSON)).toBe(true);
    const { batches, errors } = await decodeAll(frames);
    expect(errors).toEqual([]);
    expect(batches.map((b) => b[0])).toEqual([[[9, 'a', 't']], [[4, 2, 'x']], [[4, 2, 'y']], [[9, 'b', 't']]]);
    expect(batches.map((b) => b[2])).toEqual([0, 1, 2, 0]);
  });

  it('deflates large bodies, keeps order with small ones, and inflates them back', async () => {
    const big: Op[] = [[4, 5, 'é'.repeat(DEFLATE_THRESHOLD)]];
    const small: Op[] = [[4, 6, 'tiny']];
    const frames = await collect(2, (enc) => { enc.push(big, true); enc.push(small); });
    expect(readHeader(frames[0])!.kind).toBe(FRAME_DEFLATE);
    expect(readHeader(frames[1])!.kind).toBe(FRAME_JSON);
    // Deflated: much smaller than the JSON it carries.
    expect(frames[0].length).toBeLessThan(JSON.stringify(big).length / 4);
    const { batches, errors } = await decodeAll(frames);
    expect(errors).toEqual([]);
    expect(batches.map((b) => b[0])).toEqual([big, small]);
  });

  it('reports short frames, unknown kinds and undecodable bodies instead of delivering them', async () => {
    const bad = new Uint8Array(FRAME_HEADER + 3);
    writeHeader(bad, 7, { epoch: 1, seq: 1 });
    const junk = new Uint8Array(FRAME_HEADER + 3);
    writeHeader(junk, FRAME_JSON, { epoch: 1, seq: 2 });
    junk.set([0x7b, 0x7b, 0x7b], FRAME_HEADER);
    const { batches, errors } = await decodeAll([new Uint8Array(3), bad, junk]);
    expect(batches).toEqual([]);
    expect(errors[0]).toMatch(/shorter than its header/);
    expect(errors[1]).toMatch(/unknown frame kind 7/);
    expect(errors[2]).toMatch(/undecodable frame/);
  });
});

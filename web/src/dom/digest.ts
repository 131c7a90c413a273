// The document checksum both halves of the DOM engine compute over the same canonical view —
// the mirrored tree as capture sent it: every node the mirror holds, in the order format.ts
// numbers them (a shadow root, then a frame's document, then the children), named by its id,
// and the data of its text nodes as sent (masked text as masked; stylesheet text, which each
// side rewrites its own way, left out). Nodes the mirror never gets (SDK widgets, the insides
// of blocked elements and scripts) have no id and are skipped with their subtrees. Attributes
// and form state are not part of it: the mirror rewrites attributes on purpose, and the agent
// may type into the mirror's fields.
//
// FNV-1a over 32 bits: no allocation, a few operations per character; a collision only delays
// noticing a drift until the next check.

export const DIGEST_SEED = 0x811c9dc5;

export function mixNumber(h: number, n: number): number {
  h = Math.imul(h ^ (n & 0xffff), 0x01000193);
  return Math.imul(h ^ (n >>> 16), 0x01000193);
}

export function mixText(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  // The length closes the text, so that moving a character across nodes changes the sum.
  return mixNumber(h, text.length);
}

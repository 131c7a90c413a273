// The envelope of a DOM frame on the wire (a WebSocket binary frame the server relays unread):
// one header byte saying how the body is encoded, then the body — a batch of DOM operations as
// UTF-8 JSON, deflated when large. Compression is ours to do: the server's WebSocket library
// has no permessage-deflate.
export const FRAME_JSON = 0;
export const FRAME_DEFLATE = 1;
/** Bodies at least this large are deflated; smaller ones are not worth the async hop. */
export const DEFLATE_THRESHOLD = 4096;

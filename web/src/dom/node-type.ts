// The DOM's node types by name (`Node.nodeType`). Capture and mirror test the number rather than
// `instanceof`, which fails across frames; naming it here keeps the checks readable. A const
// enum: the bundles carry the numbers, not this table.
export const enum NodeType {
  Element = 1,
  Text = 3,
  CData = 4,
  Comment = 8,
  Document = 9,
  Doctype = 10,
  Fragment = 11,
}

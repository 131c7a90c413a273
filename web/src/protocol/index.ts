// The control protocol as TypeScript: re-exports of the types generated from the Rust
// definitions (crates/protocol). Never edit the generated files; change the Rust and rebuild.
export type { FromCustomer } from './generated/FromCustomer';
export type { ToCustomer } from './generated/ToCustomer';
export type { FromAgent } from './generated/FromAgent';
export type { ToAgent } from './generated/ToAgent';
export type { SessionState } from './generated/SessionState';
export type { EndedBy } from './generated/EndedBy';
export type { SiteSettings } from './generated/SiteSettings';
export type { Command } from './generated/Command';
export type { Target } from './generated/Target';
export type { PointerMode } from './generated/PointerMode';
export type { ControlStatus } from './generated/ControlStatus';
export { CloseCode } from './generated/CloseCode';
export { KEYS, type Key } from './generated/Keys';
export type { InvitationRule } from './generated/InvitationRule';
export type { Invitations } from './generated/Invitations';
export type { AgentInvitation } from './generated/AgentInvitation';

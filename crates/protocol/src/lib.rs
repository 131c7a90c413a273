//! Tandem's control protocol: the JSON messages that travel as WebSocket *text* frames between
//! the server and its two kinds of peer, the customer's SDK and the agent's console.
//!
//! This crate is the single definition. The TypeScript the browser code uses is generated from
//! these types (`cargo run -p tandem-protocol --bin gen-ts`), never written by hand. DOM
//! operations are not here: they travel as WebSocket *binary* frames whose format belongs to the
//! TypeScript DOM engine, and the server relays them without looking inside.
//!
//! Each peer may send only the messages of its role: a customer socket parses [`FromCustomer`],
//! an agent socket [`FromAgent`]; anything else is refused (ARCHITECTURE.md §4.5).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The states of a co-browsing session; the server is the authority on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    /// A one-time code was issued; waiting for the customer to type it on the site.
    AwaitingCode,
    /// The customer is known; waiting for them to answer "Accept co-browsing?".
    AwaitingConsent,
    /// The customer accepted; their page is being shared.
    Active,
    /// The customer left the company's domains; resumes when they come back.
    Interrupted,
    /// The customer answered No. Final.
    Declined,
    /// Stopped by either side or by the contact ending. Final.
    Ended,
}

impl SessionState {
    /// A final state never changes again.
    pub fn is_final(self) -> bool {
        matches!(self, SessionState::Declined | SessionState::Ended)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SessionState::AwaitingCode => "awaiting_code",
            SessionState::AwaitingConsent => "awaiting_consent",
            SessionState::Active => "active",
            SessionState::Interrupted => "interrupted",
            SessionState::Declined => "declined",
            SessionState::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<SessionState> {
        Some(match s {
            "awaiting_code" => SessionState::AwaitingCode,
            "awaiting_consent" => SessionState::AwaitingConsent,
            "active" => SessionState::Active,
            "interrupted" => SessionState::Interrupted,
            "declined" => SessionState::Declined,
            "ended" => SessionState::Ended,
            _ => return None,
        })
    }
}

/// The company's site settings, edited by an admin in the console and applied by every running
/// SDK at once (no site redeploy). Selectors add to the site's own markup and `Tandem.init`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SiteSettings {
    /// Elements whose text and values never leave the customer's browser.
    pub mask_selector: String,
    /// Elements replaced by an empty box of the same size.
    pub block_selector: String,
    /// Query parameters (names, comma-separated) that may leave with page, link and asset
    /// addresses; every other one is cut off before anything leaves the customer's browser.
    pub allow_query_params: String,
    /// Elements inside which the agent may not click or type.
    pub no_control_selector: String,
    /// Fields the agent may type in.
    pub editable_selector: String,
    /// Remote control (Alt+click) is allowed for agents with the remote-control right.
    pub remote_control: bool,
    /// Agents may type in editable fields.
    pub typing: bool,
    /// Ask the customer before the agent's first remote action.
    pub ask_before_control: bool,
    /// Main colour of the customer's widgets (CSS colour), empty for the default.
    pub color: String,
    /// Replacement wording for the customer's widgets, by text key (e.g. `consentTitle`).
    pub texts: std::collections::BTreeMap<String, String>,
    /// The widgets' language for visitors (`en`, `sv`), unless the site's `Tandem.init` names
    /// one; empty: each visitor's browser language.
    pub language: String,
    /// The agent's browser loads the site's images, fonts and stylesheets directly from the
    /// site instead of through Tandem's asset proxy (the default, false).
    pub direct_assets: bool,
}

/// A proactive invitation rule of the company's, edited by an admin: when a visitor's page
/// matches, the SDK shows an invitation to chat or to be called back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct InvitationRule {
    /// Stable id (letters, digits, `-`, `_`), counted by in the store and `/metrics`.
    pub id: String,
    /// What admins call the rule.
    pub name: String,
    /// The page's path, `*` matching any characters (`/checkout*`); empty: every page.
    pub page: String,
    /// Seconds the visitor has been on the page before it shows (0: at once).
    pub seconds_on_page: u32,
    /// Seconds without pointer, key or scroll activity before it shows (0: not needed).
    pub idle_seconds: u32,
    /// Shown only when the site calls `Tandem.invite()` on a matching page.
    pub manual: bool,
    /// What is offered: `chat` or `callback`.
    pub offer: String,
    /// The invitation's words; empty: the default text.
    pub text: String,
}

/// What the SDK learns of the company's invitations with the site settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Invitations {
    pub rules: Vec<InvitationRule>,
    /// Visitors report the page they are on (a light request every few seconds), so agents
    /// see who is on the site and can invite one.
    pub presence: bool,
}

/// An invitation an agent sent to one visitor from the console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AgentInvitation {
    /// `chat` or `callback`.
    pub offer: String,
    /// The inviting agent's display name.
    pub agent: String,
}

/// Who ended a session, so each side can tell its person why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EndedBy {
    Customer,
    Agent,
    /// The contact was dropped or the session replaced by a new start.
    System,
}

/// Messages the customer's SDK sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum FromCustomer {
    /// The customer typed a one-time code and pressed Start.
    Redeem { code: String },
    /// A page of the site loaded while this browser tab holds a session (navigation, reload).
    Resume { token: String },
    /// The customer's answer to "Accept co-browsing?", with the language the question was
    /// shown in and its words (title and body), which the audit log keeps with the answer.
    Consent {
        accept: bool,
        #[serde(default)]
        language: String,
        #[serde(default)]
        text: String,
    },
    /// The customer pressed "Stop co-browsing".
    Stop {},
    /// The page is about to leave for `url`, outside the company's domains (a link, a form,
    /// an accepted redirect), so the agent can be told why co-browsing pauses.
    Leaving { url: String },
    /// This tab came to the front (or went to the back); the tab in front is the one shared.
    Visible { visible: bool },
    /// The customer's answer to "You are about to be redirected. OK?".
    RedirectAnswer { url: String, accepted: bool },
    /// Sent first on every connection: this browser's visitor id (random, kept by the SDK), so
    /// an agent can ask this customer directly on a web-initiated or handed-over contact, and
    /// the secret the server issued to this browser for that id (`visitor_secret`). The id is
    /// public (integrations pass it around); only the secret makes a socket this visitor.
    Hello {
        visitor: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        secret: Option<String>,
    },
    /// The customer started a contact from the site: `chat` (detail: their first message) or
    /// `callback` (detail: the phone number to call).
    WebContact {
        channel: String,
        name: String,
        detail: String,
    },
    /// A chat message from the customer on their open web chat.
    ChatSend { text: String },
    /// The SDK performed the agent's remote command `seq`, or refused it (`reason`, in words
    /// for the agent); `action` says what, never what was typed. Audited and passed on.
    ControlReport {
        seq: u32,
        performed: bool,
        action: String,
        reason: String,
    },
    /// The customer's say on remote control: asked, allowed, denied, or took control back.
    ControlStatus { status: ControlStatus },
    /// The customer cleared the agent's drawing from their page.
    ClearDrawing {},
}

/// Messages the server sends to the customer's SDK.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum ToCustomer {
    /// The code was not accepted; `message` is shown to the customer as is.
    CodeRefused { message: String },
    /// The visitor id said in `hello` is now bound to this browser: keep `secret` and present
    /// it with the id on every later connection.
    VisitorSecret { secret: String },
    /// The visitor id said in `hello` belongs to another browser (no or the wrong secret): this
    /// socket is not that visitor. The SDK starts over with a new id.
    VisitorRefused {},
    /// Ask the customer "Accept co-browsing?"; `token` lets later pages of the site resume.
    ConsentRequest { agent: String, token: String },
    /// Sharing is on for this tab: start capturing and send a full snapshot. `domains` are the
    /// company's domains: leaving them interrupts co-browsing.
    Share { domains: Vec<String> },
    /// Another tab of this customer is in front and shared now: stop capturing in this one.
    Pause {},
    /// The agent sent a link: go there (asking first when it lies outside `domains`).
    Navigate { url: String },
    /// The agent (re)joined or lost track: send a fresh full snapshot.
    SnapshotRequest {},
    /// The agent scrolled their view; scroll the window to these page coordinates.
    Scroll { x: f64, y: f64 },
    /// The agent's view could not load this image (as capture sent its address: origin and
    /// path): if the page shows it unmasked and may read it, hand its bytes over in the DOM
    /// stream.
    AssetRequest { url: String },
    /// The session is over; remove every co-browsing widget and forget the token.
    Ended { by: EndedBy },
    /// A request was refused; the socket stays open.
    Error { code: ErrorCode, message: String },
    /// The customer's web contact was created; the SDK keeps listening for the agent.
    ContactOpened { contact: String, channel: String },
    /// A chat line on the customer's open web chat (`from` is "agent" or "customer").
    ChatLine { from: String, text: String },
    /// The contact is being handed to another agent: sharing stops until the customer accepts
    /// the next agent's request.
    HandedOver {},
    /// The contact has ended; the SDK forgets it.
    ContactEnded {},
    /// The company's current site settings: sent on every connection and on every change.
    Settings { settings: SiteSettings },
    /// What this session's agent may do remotely (the company's switches and the agent's
    /// right), sent with `share`. Without it the SDK performs nothing remote.
    Grant { control: bool, typing: bool },
    /// The agent's pointer while they point, control or use the laser (`hidden` when they stop).
    Pointer { x: f64, y: f64, mode: PointerMode },
    /// Ctrl+click: show a pulsing circle at this spot.
    Point { x: f64, y: f64 },
    /// A remote-control command; the SDK checks the site's policy before performing it and
    /// answers with `control_report`.
    Control {
        seq: u32,
        target: Target,
        command: Command,
    },
    /// A stroke of the agent's temporary drawing; it fades by itself.
    Stroke { points: Vec<f64> },
    /// The agent cleared their drawing.
    ClearDrawing {},
}

/// Messages the agent's console sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum FromAgent {
    /// The agent scrolled the mirror; the customer's window follows.
    AgentScroll { x: f64, y: f64 },
    /// The mirror lost track of the page (a gap in the stream); ask for a fresh snapshot.
    Resync {},
    /// The view could not load this image (Tandem's asset proxy could not fetch it: behind the
    /// customer's cookies, say): ask the customer's SDK to hand it over.
    AssetRequest { url: String },
    /// The agent pressed "Stop co-browsing".
    StopSession {},
    /// The agent sent a link from the Link Menu; the customer's browser goes there.
    PushUrl { url: String },
    /// The agent's pointer moved while pointing, controlling or using the laser; `hidden` when
    /// they stop, so the customer no longer sees it.
    Pointer { x: f64, y: f64, mode: PointerMode },
    /// Ctrl+click: the customer sees a pulsing circle at this spot.
    Point { x: f64, y: f64 },
    /// Alt+click, typing, a choice or Alt+wheel, to be performed in the customer's browser.
    /// The server checks the right, the company's switches and the state; the SDK the policy.
    Control {
        seq: u32,
        target: Target,
        command: Command,
    },
    /// A stroke of the temporary drawing: x, y pairs in the customer's client coordinates.
    Stroke { points: Vec<f64> },
    /// The agent cleared their drawing.
    ClearDrawing {},
}

/// Messages the server sends to the agent's console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum ToAgent {
    /// The session's state, sent on join and on every change.
    State {
        state: SessionState,
        /// Who ended it, once it has ended.
        #[ts(optional)]
        #[serde(skip_serializing_if = "Option::is_none", default)]
        ended_by: Option<EndedBy>,
        /// Why, in words for the agent, when interrupted.
        #[ts(optional)]
        #[serde(skip_serializing_if = "Option::is_none", default)]
        reason: Option<String>,
    },
    /// The customer answered the redirect question for a link the agent sent.
    RedirectAnswered { url: String, accepted: bool },
    /// A request was refused; the socket stays open.
    Error { code: ErrorCode, message: String },
    /// What the agent may do remotely in this session (sent on join); the console greys out
    /// the rest as a convenience — the checks are the server's and the SDK's.
    Grant { control: bool, typing: bool },
    /// The customer's SDK performed remote command `seq`, or refused it with `reason`.
    ControlReport {
        seq: u32,
        performed: bool,
        action: String,
        reason: String,
    },
    /// The customer asked about, allowed, denied or took back remote control.
    ControlStatus { status: ControlStatus },
    /// The customer cleared the agent's drawing.
    DrawingCleared {},
    /// DOM frames were lost on their way to this agent (the relay could not keep up): the view
    /// is behind, and a fresh snapshot has been asked for.
    Lagged {},
}

/// What the agent's pointer is doing, as the customer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PointerMode {
    /// Holding Ctrl (or the Point button): a blue pointer.
    Point,
    /// Holding Alt (or the Control button): a red pointer.
    Control,
    /// The laser: a red dot with a fading trail.
    Laser,
    /// The agent stopped pointing.
    Hidden,
}

/// The element a remote command is for, as the agent's mirror found it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Target {
    /// The node's id in the DOM engine's numbering (0 when the mirror had none).
    pub node: u32,
    /// The node's local name; a node with another name means the page changed meanwhile.
    pub tag: String,
    /// Client coordinates in the customer's top window, for when `node` is 0.
    pub x: f64,
    pub y: f64,
}

/// A remote-control command.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum Command {
    /// Pointer and mouse events, focus and a click on the target.
    Click {},
    /// Text typed into the target field.
    Type { text: String },
    /// A key pressed in the target field: one of [`KEYS`].
    Key { key: String },
    /// The option at `index` chosen in the target select.
    Select { index: u32 },
    /// A wheel turn over the target: scrolls it (or the page) by dx, dy CSS pixels.
    Wheel { dx: f64, dy: f64 },
}

impl Command {
    /// The command's name, as the audit log and the reports say it.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Click {} => "click",
            Command::Type { .. } => "type",
            Command::Key { .. } => "key",
            Command::Select { .. } => "select",
            Command::Wheel { .. } => "wheel",
        }
    }

    /// Typing commands need the company's typing switch besides remote control.
    pub fn is_typing(&self) -> bool {
        matches!(self, Command::Type { .. } | Command::Key { .. })
    }
}

/// The special keys an agent may press in a field.
pub const KEYS: &[&str] = &[
    "Backspace",
    "Delete",
    "Enter",
    "Tab",
    "Escape",
    "ArrowLeft",
    "ArrowRight",
    "ArrowUp",
    "ArrowDown",
    "Home",
    "End",
];

/// The customer's say on remote control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    /// The site asks before control starts: the question is on the customer's screen.
    Asking,
    /// The customer allowed remote control.
    Allowed,
    /// The customer declined remote control.
    Denied,
    /// The customer took control back; the agent must be allowed again.
    TakenBack,
}

impl ControlStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ControlStatus::Asking => "asking",
            ControlStatus::Allowed => "allowed",
            ControlStatus::Denied => "denied",
            ControlStatus::TakenBack => "taken_back",
        }
    }
}

/// Why a message was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The message does not fit the session's current state.
    WrongState,
    /// Too many attempts; try again later.
    RateLimited,
    /// The code is unknown, used or expired.
    BadCode,
    /// The link is not an http(s) address, or too long.
    BadLink,
    /// The agent may not do this: a right or a company setting is missing.
    NotAllowed,
    /// The command is malformed (out of range, too long, an unknown key).
    BadCommand,
    /// Something went wrong on the server; nothing was changed.
    Internal,
}

/// WebSocket close codes the server uses; each side shows a clear message for them.
pub mod close {
    /// The frame could not be parsed as a message of this peer's role.
    pub const MALFORMED: u16 = 4400;
    /// The agent's access ended: signed out, password changed, or the cobrowse right taken away.
    pub const ACCESS_ENDED: u16 = 4401;
    /// The message is of another role, or the peer is not allowed to do this.
    pub const FORBIDDEN: u16 = 4403;
    /// The session does not exist or has ended.
    pub const GONE: u16 = 4410;
    /// A frame exceeded the size limit.
    pub const TOO_BIG: u16 = 4413;
    /// This node is shutting down (a restart, a deploy): reconnect at once, without backoff,
    /// to the same address; the balancer sends the new socket to another node, and the
    /// session carries on there.
    pub const RECONNECT: u16 = 4503;

    /// Every close code by name, for the generated TypeScript.
    pub const ALL: &[(&str, u16)] = &[
        ("MALFORMED", MALFORMED),
        ("ACCESS_ENDED", ACCESS_ENDED),
        ("FORBIDDEN", FORBIDDEN),
        ("GONE", GONE),
        ("TOO_BIG", TOO_BIG),
        ("RECONNECT", RECONNECT),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_tagged_with_t() {
        let m: FromCustomer = serde_json::from_str(r#"{"t":"redeem","code":"123456"}"#).unwrap();
        assert!(serde_json::from_str::<FromCustomer>(r#"{"t":"visible","visible":true}"#).is_ok());
        assert_eq!(
            m,
            FromCustomer::Redeem {
                code: "123456".into()
            }
        );
        let s = serde_json::to_string(&ToAgent::State {
            state: SessionState::Active,
            ended_by: None,
            reason: None,
        })
        .unwrap();
        assert_eq!(s, r#"{"t":"state","state":"active"}"#);
    }

    #[test]
    fn a_customer_cannot_send_agent_messages() {
        assert!(serde_json::from_str::<FromCustomer>(r#"{"t":"stop_session"}"#).is_err());
        assert!(serde_json::from_str::<FromAgent>(r#"{"t":"consent","accept":true}"#).is_err());
    }

    #[test]
    fn control_commands_are_tagged_with_do() {
        let m: FromAgent = serde_json::from_str(
            r#"{"t":"control","seq":3,"target":{"node":12,"tag":"button","x":10,"y":20.5},"command":{"do":"click"}}"#,
        )
        .unwrap();
        let FromAgent::Control {
            seq: 3,
            command: Command::Click {},
            target,
        } = m
        else {
            panic!("{m:?}")
        };
        assert_eq!(target.node, 12);
        let typed: Command = serde_json::from_str(r#"{"do":"type","text":"ab"}"#).unwrap();
        assert!(typed.is_typing());
        assert!(serde_json::from_str::<Command>(r#"{"do":"run","code":"x"}"#).is_err());
    }

    #[test]
    fn states_round_trip_through_their_names() {
        for s in [
            SessionState::AwaitingCode,
            SessionState::AwaitingConsent,
            SessionState::Active,
            SessionState::Interrupted,
            SessionState::Declined,
            SessionState::Ended,
        ] {
            assert_eq!(SessionState::parse(s.as_str()), Some(s));
        }
    }
}

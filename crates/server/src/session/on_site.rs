//! Who is on the company's pages now ("presence", a company setting, off by default): each
//! visitor's page reports the page it shows with a light HTTP request every [`BEAT`] (no
//! socket), agents list them and may invite one, and the visitor's next report carries the
//! invitation.
//!
//! Every node keeps the whole cluster's table: a report is published on the bus's presence
//! topic and merged by every node (with [`watch_presence`](Sessions::watch_presence)), and so is
//! an agent's invitation, so the agent and the visitor may be on different nodes. A visit not
//! reported for [`VISIT_TTL`] is gone. Bounded: at most [`MAX_VISITORS`] in a node's table and
//! [`MAX_PER_ADDRESS`] reported from one client address to this node. Page addresses keep only
//! the query parameters the company allows (the same list as for co-browsing), never a fragment.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tandem_protocol::AgentInvitation;

use super::{SessionError, Sessions};
use crate::bus::{Delivery, Envelope, topic};

/// How often a visitor's page reports (the SDK is told with each answer).
pub const BEAT: Duration = Duration::from_secs(10);
/// A visit not reported for this long has left.
pub const VISIT_TTL: Duration = Duration::from_secs(35);
pub const MAX_VISITORS: usize = 10_000;
pub const MAX_PER_ADDRESS: usize = 50;
/// Most visitors one listing returns (those longest on their page first).
pub const MAX_LISTED: usize = 200;

#[derive(Clone, Default)]
pub(super) struct OnSite {
    /// Locked for table updates only, never across an await.
    visits: Arc<Mutex<HashMap<String, Visit>>>,
}

/// Gone visits are swept at most this often (a sweep walks the whole table).
const SWEEP_EVERY: Duration = Duration::from_secs(1);

thread_local! {
    static LAST_SWEEP: std::cell::Cell<Option<Instant>> = const { std::cell::Cell::new(None) };
}

struct Visit {
    page: String,
    /// When the visitor came to this page (ms since the epoch).
    since: i64,
    seen: Instant,
    /// The client address, for visits reported to this node (the per-address bound).
    address: Option<IpAddr>,
    invite: Option<AgentInvitation>,
}

/// One visitor on the site, as agents see them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PresentVisitor {
    /// The SDK's visitor id.
    pub visitor: String,
    /// The page's address (origin and path, allowed query parameters).
    pub page: String,
    /// When the visitor came to this page (ms since the epoch).
    pub since: i64,
    /// An agent's invitation is waiting for the visitor's next report.
    pub invited: bool,
}

/// A node's news for the others, on the presence topic.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum PresenceNews {
    /// A visitor reported their page; `took` says the report took their waiting invitation.
    Here {
        visitor: String,
        page: String,
        since: i64,
        took: bool,
    },
    /// An agent invited the visitor.
    Invite {
        visitor: String,
        invitation: AgentInvitation,
    },
}

/// Why a report was not taken.
#[derive(Debug, PartialEq)]
pub enum ReportRefused {
    /// Too many visitors from this client address, or in the table.
    TooMany,
}

impl OnSite {
    /// Forgets gone visits, at most every [`SWEEP_EVERY`] on a thread unless the table is full.
    fn sweep(map: &mut HashMap<String, Visit>) {
        let due = LAST_SWEEP.with(|l| l.get().is_none_or(|t| t.elapsed() >= SWEEP_EVERY));
        if due || map.len() >= MAX_VISITORS {
            LAST_SWEEP.with(|l| l.set(Some(Instant::now())));
            map.retain(|_, v| v.seen.elapsed() < VISIT_TTL);
        }
    }

    /// Records a report on this node; the waiting invitation, if any, goes with the answer.
    fn report(
        &self,
        visitor: &str,
        page: String,
        address: IpAddr,
        now: i64,
    ) -> Result<(i64, Option<AgentInvitation>), ReportRefused> {
        let mut map = self.visits.lock().unwrap_or_else(|p| p.into_inner());
        if !map.contains_key(visitor) {
            Self::sweep(&mut map);
            let from_address = map.values().filter(|v| v.address == Some(address)).count();
            if from_address >= MAX_PER_ADDRESS || map.len() >= MAX_VISITORS {
                return Err(ReportRefused::TooMany);
            }
        }
        let visit = map.entry(visitor.to_string()).or_insert_with(|| Visit {
            page: String::new(),
            since: now,
            seen: Instant::now(),
            address: None,
            invite: None,
        });
        if visit.page != page {
            visit.page = page;
            visit.since = now;
        }
        visit.seen = Instant::now();
        visit.address = Some(address);
        Ok((visit.since, visit.invite.take()))
    }

    /// Merges another node's news (and this node's own, echoed: idempotent).
    fn merge(&self, news: PresenceNews) {
        let mut map = self.visits.lock().unwrap_or_else(|p| p.into_inner());
        match news {
            PresenceNews::Here {
                visitor,
                page,
                since,
                took,
            } => {
                if !map.contains_key(&visitor) {
                    Self::sweep(&mut map);
                    if map.len() >= MAX_VISITORS {
                        return;
                    }
                }
                let visit = map.entry(visitor).or_insert_with(|| Visit {
                    page: String::new(),
                    since,
                    seen: Instant::now(),
                    address: None,
                    invite: None,
                });
                visit.page = page;
                visit.since = since;
                visit.seen = Instant::now();
                if took {
                    visit.invite = None;
                }
            }
            PresenceNews::Invite {
                visitor,
                invitation,
            } => {
                if let Some(v) = map.get_mut(&visitor) {
                    v.invite = Some(invitation);
                }
            }
        }
    }

    fn list(&self) -> Vec<PresentVisitor> {
        let mut map = self.visits.lock().unwrap_or_else(|p| p.into_inner());
        Self::sweep(&mut map);
        let mut all: Vec<PresentVisitor> = map
            .iter()
            .map(|(id, v)| PresentVisitor {
                visitor: id.clone(),
                page: v.page.clone(),
                since: v.since,
                invited: v.invite.is_some(),
            })
            .collect();
        all.sort_by(|a, b| a.since.cmp(&b.since).then(a.visitor.cmp(&b.visitor)));
        all.truncate(MAX_LISTED);
        all
    }

    fn len(&self) -> usize {
        self.visits.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    fn is_here(&self, visitor: &str) -> bool {
        let map = self.visits.lock().unwrap_or_else(|p| p.into_inner());
        map.get(visitor)
            .is_some_and(|v| v.seen.elapsed() < VISIT_TTL)
    }
}

/// The page address as agents may see it: an http(s) address cut to origin and path and the
/// allowed query parameters (`allowed`, as in the site settings), at most [`super::MAX_URL`].
pub fn public_page(page: &str, allowed: &str) -> Option<String> {
    let mut url = url::Url::parse(page.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    let allowed: Vec<&str> = allowed
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| allowed.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.set_fragment(None);
    url.set_username("").ok();
    url.set_password(None).ok();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let out = url.to_string();
    (out.len() <= super::MAX_URL).then_some(out)
}

impl Sessions {
    /// A visitor's page reports itself; answers when the visitor came to this page and the
    /// invitation an agent sent, if one waits.
    pub async fn visitor_here(
        &self,
        visitor: &str,
        page: &str,
        address: IpAddr,
    ) -> Result<Option<AgentInvitation>, SessionError> {
        if !self.invitations.limiter.allow_report(address) {
            return Err(SessionError::NotNow(
                "too many reports from this address".into(),
            ));
        }
        let page = public_page(page, &self.site_settings().allow_query_params)
            .ok_or_else(|| SessionError::Invalid("page: an http(s) address".into()))?;
        let (since, invite) = self
            .on_site
            .report(
                visitor,
                page.clone(),
                crate::client_addr::limit_key(address),
                self.now(),
            )
            .map_err(|ReportRefused::TooMany| {
                SessionError::NotNow("too many visitors from this address".into())
            })?;
        self.metrics.visitors_present(self.on_site.len());
        let news = PresenceNews::Here {
            visitor: visitor.to_string(),
            page,
            since,
            took: invite.is_some(),
        };
        if let Err(e) = self
            .bus
            .publish(topic::PRESENCE, Envelope::Presence(news))
            .await
        {
            tracing::warn!("presence not published: {e}");
        }
        Ok(invite)
    }

    /// The visitors on the site now (the whole cluster's, as this node heard).
    pub fn visitors_present(&self) -> Vec<PresentVisitor> {
        let list = self.on_site.list();
        self.metrics.visitors_present(self.on_site.len());
        list
    }

    /// An agent invites a visitor who is on the site; the visitor's next report shows it.
    pub async fn invite_visitor(
        &self,
        agent: &crate::store::Agent,
        visitor: &str,
        offer: &str,
    ) -> Result<(), SessionError> {
        if !super::invitations::OFFERS.contains(&offer) {
            return Err(SessionError::Invalid("offer: chat or callback".into()));
        }
        if !self.on_site.is_here(visitor) {
            return Err(SessionError::NotNow(
                "this visitor is no longer on the site".into(),
            ));
        }
        let news = PresenceNews::Invite {
            visitor: visitor.to_string(),
            invitation: AgentInvitation {
                offer: offer.to_string(),
                agent: agent.name().to_string(),
            },
        };
        self.on_site.merge(news.clone());
        self.bus
            .publish(topic::PRESENCE, Envelope::Presence(news))
            .await?;
        self.audit(
            &agent.username,
            "invitation_sent",
            None,
            None,
            &format!("{offer} to visitor {visitor}"),
        )
        .await;
        Ok(())
    }

    /// Starts this node's listener of the presence topic; it stops when the node's state is
    /// dropped.
    pub async fn watch_presence(&self) -> Result<(), SessionError> {
        let mut deliveries = self.bus.subscribe(topic::PRESENCE).await?;
        let visits = Arc::downgrade(&self.on_site.visits);
        tokio::spawn(async move {
            while let Some(delivery) = deliveries.next().await {
                let Some(visits) = visits.upgrade() else {
                    return;
                };
                if let Delivery::Message(Envelope::Presence(news)) = delivery {
                    OnSite { visits }.merge(news);
                }
            }
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn pages_keep_only_allowed_query_parameters() {
        assert_eq!(
            public_page("https://shop.example/checkout?card=4111&step=2#pay", "step").as_deref(),
            Some("https://shop.example/checkout?step=2")
        );
        assert_eq!(
            public_page("https://u:p@shop.example/a?token=s3cret", "").as_deref(),
            Some("https://shop.example/a")
        );
        assert_eq!(public_page("javascript:alert(1)", ""), None);
        assert_eq!(public_page("not a url", ""), None);
        let long = format!("https://shop.example/{}", "a".repeat(super::super::MAX_URL));
        assert_eq!(public_page(&long, ""), None);
    }

    #[test]
    fn a_page_change_restarts_the_time_on_page_and_an_invitation_is_taken_once() {
        let s = OnSite::default();
        assert_eq!(
            s.report("v1", "https://x/a".into(), A, 1000).unwrap().0,
            1000
        );
        assert_eq!(
            s.report("v1", "https://x/a".into(), A, 5000).unwrap().0,
            1000
        );
        assert_eq!(
            s.report("v1", "https://x/b".into(), A, 9000).unwrap().0,
            9000
        );
        let invitation = AgentInvitation {
            offer: "chat".into(),
            agent: "Sam".into(),
        };
        s.merge(PresenceNews::Invite {
            visitor: "v1".into(),
            invitation: invitation.clone(),
        });
        assert!(s.list()[0].invited);
        assert_eq!(
            s.report("v1", "https://x/b".into(), A, 9500).unwrap().1,
            Some(invitation)
        );
        assert_eq!(
            s.report("v1", "https://x/b".into(), A, 9600).unwrap().1,
            None
        );
        // Another node's copy forgets it once the taking report arrives.
        s.merge(PresenceNews::Invite {
            visitor: "v1".into(),
            invitation: AgentInvitation {
                offer: "chat".into(),
                agent: "Sam".into(),
            },
        });
        s.merge(PresenceNews::Here {
            visitor: "v1".into(),
            page: "https://x/b".into(),
            since: 9000,
            took: true,
        });
        assert!(!s.list()[0].invited);
        // An invitation for a visitor nobody has seen is not kept.
        s.merge(PresenceNews::Invite {
            visitor: "nobody".into(),
            invitation: AgentInvitation {
                offer: "chat".into(),
                agent: "Sam".into(),
            },
        });
        assert_eq!(s.list().len(), 1);
    }

    #[test]
    fn one_address_cannot_fill_the_table() {
        let s = OnSite::default();
        for i in 0..MAX_PER_ADDRESS {
            s.report(&format!("v{i}"), "https://x/".into(), A, 0)
                .unwrap();
        }
        assert_eq!(
            s.report("one-more", "https://x/".into(), A, 0),
            Err(ReportRefused::TooMany)
        );
        // Those already here keep reporting; another address is welcome.
        assert!(s.report("v0", "https://x/".into(), A, 0).is_ok());
        assert!(s.report("other", "https://x/".into(), B, 0).is_ok());
    }

    #[test]
    fn the_table_is_bounded_also_for_other_nodes_news() {
        let s = OnSite::default();
        for i in 0..MAX_VISITORS {
            s.merge(PresenceNews::Here {
                visitor: format!("v{i}"),
                page: "https://x/".into(),
                since: 0,
                took: false,
            });
        }
        s.merge(PresenceNews::Here {
            visitor: "late".into(),
            page: "https://x/".into(),
            since: 0,
            took: false,
        });
        assert_eq!(s.len(), MAX_VISITORS);
        assert_eq!(s.list().len(), MAX_LISTED);
        assert_eq!(
            s.report("here", "https://x/".into(), B, 0),
            Err(ReportRefused::TooMany)
        );
    }
}

//! The supervisor's numbers: what each co-browsing session of a period came to (agent, channel,
//! consent, how long it was shared, interruptions, control refusals), read from the sessions and
//! the audit log with one query, and summed up here — sessions per day, consent
//! rate, median duration — for the whole company, each agent and each channel.

use serde::Serialize;

/// The query both stores run: one row per session created at or after the first parameter, at
/// most the second's number.
pub const SESSION_FACTS: &str = "SELECT s.id, s.created_at, c.channel,
       COALESCE(NULLIF(a.display_name, ''), a.username) AS agent,
       (SELECT MIN(e.at) FROM audit e WHERE e.session_id = s.id AND e.kind = 'consent_given') AS consented_at,
       (SELECT COUNT(*) FROM audit e WHERE e.session_id = s.id AND e.kind = 'consent_declined') AS declined,
       (SELECT MAX(e.at) FROM audit e WHERE e.session_id = s.id AND e.kind = 'session_ended') AS ended_at,
       (SELECT COUNT(*) FROM audit e WHERE e.session_id = s.id AND e.kind = 'interrupted') AS interruptions,
       (SELECT COUNT(*) FROM audit e WHERE e.session_id = s.id AND e.kind = 'control_refused') AS refusals
  FROM sessions s JOIN contacts c ON c.id = s.contact_id JOIN agents a ON a.id = s.agent_id
 WHERE s.created_at >= $1 ORDER BY s.created_at LIMIT $2";

/// At most this many sessions go into one answer (the dashboard covers at most 90 days).
pub const MAX_SESSIONS: i64 = 100_000;

/// What one session came to.
#[derive(Debug, Clone)]
pub struct SessionFacts {
    pub created_at: i64,
    pub channel: String,
    /// The agent's display name, or username when it has none.
    pub agent: String,
    /// When the customer said yes (none: never).
    pub consented_at: Option<i64>,
    pub declined: bool,
    pub ended_at: Option<i64>,
    pub interruptions: u64,
    pub control_refusals: u64,
}

/// The numbers of a group of sessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Summary {
    /// Sessions started (a code issued or consent asked).
    pub sessions: u64,
    /// Sessions whose customer said yes.
    pub consented: u64,
    /// Sessions whose customer said no.
    pub declined: u64,
    /// consented / (consented + declined); none when nobody answered.
    pub consent_rate: Option<f64>,
    /// The median time from consent to end of the sessions that ended (milliseconds).
    pub median_duration_ms: Option<i64>,
    /// Times a shared session lost the customer's page.
    pub interruptions: u64,
    /// Remote actions refused (by the customer, the company's settings or the page).
    pub control_refusals: u64,
}

/// One agent's or one channel's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Group {
    /// The agent's name or the channel.
    pub name: String,
    #[serde(flatten)]
    pub summary: Summary,
}

/// Sessions started on one day (UTC).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub sessions: u64,
}

/// The dashboard: a period's numbers, overall, per day, per agent and per channel.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    /// The period's first day (UTC midnight, Unix milliseconds).
    pub from: i64,
    /// Every day of the period, oldest first, days without sessions included.
    pub days: Vec<Day>,
    pub total: Summary,
    /// Agents by name.
    pub by_agent: Vec<Group>,
    /// Channels by name.
    pub by_channel: Vec<Group>,
}

const DAY_MS: i64 = 86_400_000;

/// The first millisecond of the period of `days` days that ends today (UTC).
pub fn period_start(now_ms: i64, days: i64) -> i64 {
    (now_ms.div_euclid(DAY_MS) - (days - 1)) * DAY_MS
}

/// Sums up `facts` (sessions created from `from` on) over `days` days.
pub fn dashboard(facts: &[SessionFacts], from: i64, days: i64) -> Dashboard {
    let first = from.div_euclid(DAY_MS);
    let mut per_day = vec![0u64; usize::try_from(days).unwrap_or(0)];
    for f in facts {
        if let Some(n) = usize::try_from(f.created_at.div_euclid(DAY_MS) - first)
            .ok()
            .and_then(|i| per_day.get_mut(i))
        {
            *n += 1;
        }
    }
    let days = per_day
        .iter()
        .enumerate()
        .map(|(i, &sessions)| Day {
            day: day_name(first + i as i64),
            sessions,
        })
        .collect();
    Dashboard {
        from,
        days,
        total: summary(facts.iter()),
        by_agent: groups(facts, |f| &f.agent),
        by_channel: groups(facts, |f| &f.channel),
    }
}

fn groups(facts: &[SessionFacts], key: impl Fn(&SessionFacts) -> &String) -> Vec<Group> {
    let mut names: Vec<&String> = facts.iter().map(&key).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| Group {
            name: name.clone(),
            summary: summary(facts.iter().filter(|f| key(f) == name)),
        })
        .collect()
}

fn summary<'a>(facts: impl Iterator<Item = &'a SessionFacts>) -> Summary {
    let mut s = Summary::default();
    let mut durations = Vec::new();
    for f in facts {
        s.sessions += 1;
        if let Some(yes) = f.consented_at {
            s.consented += 1;
            if let Some(end) = f.ended_at {
                durations.push((end - yes).max(0));
            }
        } else if f.declined {
            s.declined += 1;
        }
        s.interruptions += f.interruptions;
        s.control_refusals += f.control_refusals;
    }
    let answered = s.consented + s.declined;
    s.consent_rate = (answered > 0).then(|| s.consented as f64 / answered as f64);
    s.median_duration_ms = median(&mut durations);
    s
}

fn median(values: &mut [i64]) -> Option<i64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2),
    }
}

fn day_name(day: i64) -> String {
    chrono::DateTime::from_timestamp_millis(day * DAY_MS)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(created_at: i64, agent: &str, channel: &str) -> SessionFacts {
        SessionFacts {
            created_at,
            channel: channel.into(),
            agent: agent.into(),
            consented_at: None,
            declined: false,
            ended_at: None,
            interruptions: 0,
            control_refusals: 0,
        }
    }

    #[test]
    fn sums_per_day_agent_and_channel() {
        let from = period_start(3 * DAY_MS + 5, 3);
        assert_eq!(from, DAY_MS);
        let mut a = fact(DAY_MS + 10, "Sam", "phone");
        a.consented_at = Some(DAY_MS + 20);
        a.ended_at = Some(DAY_MS + 1_020);
        a.interruptions = 2;
        let mut b = fact(3 * DAY_MS, "Sam", "chat");
        b.declined = true;
        let mut c = fact(3 * DAY_MS + 1, "Kim", "phone");
        c.consented_at = Some(3 * DAY_MS + 2);
        c.ended_at = Some(3 * DAY_MS + 3_002);
        c.control_refusals = 1;
        let d = dashboard(&[a, b, c], from, 3);
        assert_eq!(
            d.days
                .iter()
                .map(|d| (d.day.as_str(), d.sessions))
                .collect::<Vec<_>>(),
            [("1970-01-02", 1), ("1970-01-03", 0), ("1970-01-04", 2)]
        );
        assert_eq!(d.total.sessions, 3);
        assert_eq!(d.total.consent_rate, Some(2.0 / 3.0));
        assert_eq!(d.total.median_duration_ms, Some(2_000));
        assert_eq!(d.total.interruptions, 2);
        assert_eq!(d.total.control_refusals, 1);
        assert_eq!(
            d.by_agent
                .iter()
                .map(|g| (g.name.as_str(), g.summary.sessions))
                .collect::<Vec<_>>(),
            [("Kim", 1), ("Sam", 2)]
        );
        assert_eq!(d.by_channel[0].name, "chat");
        assert_eq!(d.by_channel[0].summary.consent_rate, Some(0.0));
        assert_eq!(d.by_channel[1].summary.median_duration_ms, Some(2_000));
    }

    #[test]
    fn nothing_answered_has_no_rate() {
        let d = dashboard(&[fact(0, "Sam", "phone")], 0, 1);
        assert_eq!(d.total.consent_rate, None);
        assert_eq!(d.total.median_duration_ms, None);
    }
}

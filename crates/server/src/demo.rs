//! `--demo`: makes sure the demo agent exists with a fresh password, so a new user can sign in
//! with the credentials printed at start.

use crate::auth::hash_password;
use crate::secret;
use crate::store::{Agent, Right, SignIns, Store, StoreResult};

pub const DEMO_AGENT: &str = "demo";
/// What the demo customer sees the demo agent called (an admin may change it).
pub const DEMO_AGENT_NAME: &str = "Sam from Demo Shop";

/// Returns the demo agent's password for this run.
pub async fn seed(store: &dyn Store, now: i64) -> StoreResult<String> {
    let password = secret::token()[..12].to_string();
    let hash = hash_password(&password);
    let rights = [Right::Cobrowse, Right::RemoteControl, Right::Admin];
    if !store
        .set_agent_password(DEMO_AGENT, &hash, &rights, SignIns::Keep)
        .await?
    {
        let agent = Agent {
            id: secret::id(),
            username: DEMO_AGENT.into(),
            password_hash: hash,
            rights: rights.to_vec(),
            display_name: DEMO_AGENT_NAME.into(),
        };
        store.add_agent(&agent, now).await?;
    }
    Ok(password)
}

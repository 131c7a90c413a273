//! `redeem`: the customer typed a one-time code. A good code binds the page to its session
//! and asks for consent; a bad one, or too many tries, gets a message the SDK shows as is.

use tandem_protocol::{ErrorCode, ToCustomer};

use super::{Customer, internal, wrong_state};
use crate::metrics::Redemption;
use crate::session::RedeemError;

pub async fn handle(customer: &mut Customer, code: &str) -> Option<ToCustomer> {
    customer.release_if_over();
    if customer.bound.is_some() {
        return wrong_state("This page is already co-browsing.");
    }
    let result = customer
        .sessions
        .redeem(code, customer.client, customer.visitor.as_deref())
        .await;
    let metrics = customer.sessions.metrics();
    match &result {
        Ok(_) => metrics.code_redeemed(Redemption::Accepted),
        Err(RedeemError::BadCode) => metrics.code_redeemed(Redemption::Refused),
        Err(RedeemError::RateLimited) => metrics.code_redeemed(Redemption::RateLimited),
        Err(RedeemError::Failed(_)) => {}
    }
    match result {
        Ok(r) => {
            if let Err(e) = customer.bind(&r.session.id, r.session.state).await {
                return internal(e);
            }
            Some(ToCustomer::ConsentRequest {
                agent: r.agent_name,
                token: r.token,
            })
        }
        Err(RedeemError::BadCode) => Some(ToCustomer::CodeRefused {
            message: "That code is not valid. Check the code your agent gave you and try again."
                .into(),
        }),
        Err(RedeemError::RateLimited) => Some(ToCustomer::Error {
            code: ErrorCode::RateLimited,
            message: "Too many attempts. Please wait a minute and try again.".into(),
        }),
        Err(RedeemError::Failed(e)) => internal(e),
    }
}

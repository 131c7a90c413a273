//! Zero-downtime restarts: what a node does between SIGTERM and exit. Draining happens in a
//! fixed order, because a socket told to reconnect must not land on this node again:
//! 1. the listener is closed (new connections go to the balancer's other nodes);
//! 2. only then are WebSockets closed with `close::RECONNECT` (the SDK and console reconnect
//!    at once to the same address) and the console's event streams ended;
//! 3. HTTP requests under way are answered; the node exits once every connection is gone, or
//!    when the grace period (`--shutdown-grace`) runs out, whichever comes first.
//!
//! [`Drain`] is the one handle: cheap to clone, kept in the app state; the connection layer
//! waits on [`Drain::reconnecting`], the server loop drives the phases.

use std::future::Future;
use std::time::Duration;

use tokio::sync::watch;

/// Where a node is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Serving,
    /// Shutdown asked for: the listener closes.
    Closing,
    /// The listener is closed: open sockets are told to reconnect elsewhere.
    Reconnecting,
}

#[derive(Clone)]
pub struct Drain {
    phase: watch::Sender<Phase>,
    /// How long a draining node waits for its connections before it exits anyway.
    pub grace: Duration,
}

impl Drain {
    pub fn new(grace: Duration) -> Drain {
        Drain {
            phase: watch::Sender::new(Phase::Serving),
            grace,
        }
    }

    /// Starts draining (idempotent).
    pub fn begin(&self) {
        self.phase.send_if_modified(|p| {
            let starting = *p == Phase::Serving;
            if starting {
                *p = Phase::Closing;
            }
            starting
        });
    }

    /// True once open sockets are being told to reconnect elsewhere.
    pub fn is_reconnecting(&self) -> bool {
        *self.phase.borrow() >= Phase::Reconnecting
    }

    /// Completes when this node's sockets must reconnect elsewhere (the listener is closed).
    pub fn reconnecting(&self) -> impl Future<Output = ()> + Send + use<> {
        self.reached(Phase::Reconnecting)
    }

    /// Completes when the listener must close.
    fn closing(&self) -> impl Future<Output = ()> + Send + use<> {
        self.reached(Phase::Closing)
    }

    fn reached(&self, phase: Phase) -> impl Future<Output = ()> + Send + use<> {
        let mut rx = self.phase.subscribe();
        async move {
            // The sender lives in every clone of the handle; if all are gone, so is the server.
            let _ = rx.wait_for(|p| *p >= phase).await;
        }
    }

    /// Wraps the listener: it closes when draining starts, and its closing moves the drain on.
    pub fn listener<L: axum::serve::Listener>(&self, inner: L) -> Closing<L> {
        Closing {
            inner: Some(inner),
            drain: self.clone(),
        }
    }

    /// The future to give `with_graceful_shutdown`: the listener has closed.
    pub fn stop_accepting(&self) -> impl Future<Output = ()> + Send + use<> {
        self.reconnecting()
    }
}

/// The node's listener while it serves: `accept` stops, and the socket is closed, as soon as
/// draining starts; sockets are told to reconnect only after that.
pub struct Closing<L> {
    inner: Option<L>,
    drain: Drain,
}

impl<L: axum::serve::Listener> axum::serve::Listener for Closing<L> {
    type Io = L::Io;
    type Addr = L::Addr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        if let Some(inner) = self.inner.as_mut() {
            let closing = self.drain.closing();
            tokio::select! {
                conn = inner.accept() => return conn,
                () = closing => {}
            }
        }
        // Closing the socket refuses new connections at once; then the open ones may move.
        self.inner = None;
        self.drain.phase.send_if_modified(|p| {
            let moving = *p == Phase::Closing;
            if moving {
                *p = Phase::Reconnecting;
            }
            moving
        });
        std::future::pending().await
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        match &self.inner {
            Some(l) => l.local_addr(),
            None => Err(std::io::Error::other("the listener is closed")),
        }
    }
}

impl<L> Drop for Closing<L> {
    fn drop(&mut self) {
        // However the server loop ended, nothing listens any more.
        self.inner = None;
        self.drain.phase.send_if_modified(|p| {
            let moving = *p < Phase::Reconnecting;
            if moving {
                *p = Phase::Reconnecting;
            }
            moving
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::serve::Listener;

    #[tokio::test]
    async fn sockets_move_only_after_the_listener_has_closed() {
        let drain = Drain::new(Duration::from_secs(1));
        let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = tcp.local_addr().unwrap();
        let mut listener = drain.listener(tcp);
        let reconnecting = tokio::spawn(drain.reconnecting());
        drain.begin();
        assert!(!drain.is_reconnecting(), "the listener has not closed yet");
        let accept = tokio::spawn(async move {
            listener.accept().await;
        });
        reconnecting.await.unwrap();
        assert!(drain.is_reconnecting());
        assert!(
            tokio::net::TcpStream::connect(addr).await.is_err(),
            "nobody listens any more"
        );
        accept.abort();
    }
}

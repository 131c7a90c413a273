//! The peer: the barest useful relay — a tokio WebSocket server that forwards each binary frame
//! from `/pair/{id}/customer` to `/pair/{id}/agent`, with no parsing, auth or bus. Prints its
//! address on stdout like `tandem serve` does.
//!
//! It does the relaying work the way Tandem does, so the comparison measures Tandem's extra work
//! rather than the peer's choices: the same patched tungstenite with Tandem's socket settings
//! (a 4 KiB read buffer, the default write buffer, Tandem's frame limits); one bounded broadcast
//! channel per pair, made when its agent connects, with Tandem's in-process capacity (1,024
//! frames; a subscriber that falls further behind is told `lagged`, as Tandem's agent socket
//! is); the pair's channel looked up once per socket, not per frame (Tandem's bus locks its
//! topic map on every publish); the agent side writes whatever is ready (up to 64 frames) and
//! flushes once per batch, as Tandem's agent socket does; Nagle left on, as Tandem leaves it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// Tandem's settings (`crates/server/src/ws/mod.rs`, `bus/local.rs`, `ws/agent/mod.rs`).
const READ_BUFFER: usize = 4 * 1024;
const CUSTOMER_MAX_FRAME: usize = 32 * 1024 * 1024;
const CAPACITY: usize = 1024;
const MAX_BATCH: usize = 64;

type Pairs = Arc<Mutex<HashMap<String, broadcast::Sender<Bytes>>>>;

pub async fn serve() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    println!(
        "forwarder: listening on http://{}",
        listener.local_addr().unwrap()
    );
    let pairs: Pairs = Arc::default();
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            continue;
        };
        let pairs = pairs.clone();
        tokio::spawn(async move {
            let mut path = String::new();
            let config = WebSocketConfig::default()
                .read_buffer_size(READ_BUFFER)
                .max_message_size(Some(CUSTOMER_MAX_FRAME))
                .max_frame_size(Some(CUSTOMER_MAX_FRAME));
            // The callback's error type is tungstenite's handshake response, not ours to shrink.
            #[allow(clippy::result_large_err)]
            let ws = tokio_tungstenite::accept_hdr_async_with_config(
                tcp,
                |req: &Request, res: Response| {
                    path = req.uri().path().to_string();
                    Ok(res)
                },
                Some(config),
            )
            .await;
            let Ok(mut ws) = ws else { return };
            let parts: Vec<&str> = path.split('/').collect(); // ["", "pair", id, role]
            if parts.len() != 4 {
                return;
            }
            let (id, role) = (parts[2].to_string(), parts[3]);
            if role == "agent" {
                // The agent's side makes the pair's channel (Tandem's bus makes a topic on its
                // first subscriber) and keeps it for the socket's life.
                let mut inbox = pairs
                    .lock()
                    .unwrap()
                    .entry(id.clone())
                    .or_insert_with(|| broadcast::channel(CAPACITY).0)
                    .subscribe();
                loop {
                    tokio::select! {
                        m = ws.next() => if !matches!(m, Some(Ok(_))) { break },
                        first = inbox.recv() => {
                            if !forward(&mut ws, first).await { break }
                            for _ in 0..MAX_BATCH {
                                match inbox.try_recv() {
                                    Ok(b) => if !forward(&mut ws, Ok(b)).await { return },
                                    Err(broadcast::error::TryRecvError::Lagged(n)) => {
                                        if !forward(&mut ws, Err(broadcast::error::RecvError::Lagged(n))).await { return }
                                    }
                                    Err(_) => break,
                                }
                            }
                            if ws.flush().await.is_err() { break }
                        }
                    }
                }
            } else {
                // The customer's side finds the channel once its agent is there, then keeps it;
                // until then frames go nowhere, as Tandem publishes only to a live topic.
                let mut channel: Option<broadcast::Sender<Bytes>> = None;
                while let Some(Ok(m)) = ws.next().await {
                    if let Message::Binary(b) = m {
                        if channel.is_none() {
                            channel = pairs.lock().unwrap().get(&id).cloned();
                        }
                        if let Some(c) = &channel {
                            let _ = c.send(b);
                        }
                    }
                }
                drop(channel);
            }
            // The last socket of a pair lets go of its channel.
            let mut map = pairs.lock().unwrap();
            if map.get(&id).is_some_and(|c| c.receiver_count() == 0) {
                map.remove(&id);
            }
        });
    }
}

/// Queues one delivery (not flushed); false when the socket is gone or the pair is over.
async fn forward<S>(
    ws: &mut tokio_tungstenite::WebSocketStream<S>,
    delivery: Result<Bytes, broadcast::error::RecvError>,
) -> bool
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    match delivery {
        Ok(b) => ws.feed(Message::Binary(b)).await.is_ok(),
        Err(broadcast::error::RecvError::Lagged(_)) => ws
            .feed(Message::Text(r#"{"t":"lagged"}"#.into()))
            .await
            .is_ok(),
        Err(broadcast::error::RecvError::Closed) => false,
    }
}

//! The peer: the barest useful relay — a tokio WebSocket server that forwards each binary frame
//! from `/pair/{id}/customer` to `/pair/{id}/agent`, with no parsing, auth or bus. Prints its
//! address on stdout like `tandem serve` does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};

type Agents = Arc<Mutex<HashMap<String, mpsc::UnboundedSender<Message>>>>;

pub async fn serve() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    println!(
        "forwarder: listening on http://{}",
        listener.local_addr().unwrap()
    );
    let agents: Agents = Arc::default();
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            continue;
        };
        let agents = agents.clone();
        tokio::spawn(async move {
            let mut path = String::new();
            let ws = tokio_tungstenite::accept_hdr_async(tcp, |req: &Request, res: Response| {
                path = req.uri().path().to_string();
                Ok(res)
            })
            .await;
            let Ok(ws) = ws else { return };
            let parts: Vec<&str> = path.split('/').collect(); // ["", "pair", id, role]
            if parts.len() != 4 {
                return;
            }
            let (id, role) = (parts[2].to_string(), parts[3]);
            let (mut tx, mut rx) = ws.split();
            if role == "agent" {
                let (out, mut inbox) = mpsc::unbounded_channel();
                agents.lock().unwrap().insert(id, out);
                while let Some(m) = inbox.recv().await {
                    if tx.send(m).await.is_err() {
                        break;
                    }
                }
            } else {
                while let Some(Ok(m)) = rx.next().await {
                    if m.is_binary() {
                        let target = agents.lock().unwrap().get(&id).cloned();
                        if let Some(t) = target {
                            let _ = t.send(m);
                        }
                    }
                }
            }
        });
    }
}

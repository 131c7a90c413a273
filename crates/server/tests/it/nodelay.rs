//! Latency: the server turns Nagle's algorithm off on every connection it accepts, so a small
//! frame (a pointer move, a keystroke) written right after another is not held back waiting for
//! the peer's delayed acknowledgement. Checked on the accepted socket itself, found among this
//! process's descriptors by its two addresses.

use std::os::fd::{BorrowedFd, RawFd};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::TestServer;

/// The server-side end of the connection from `client` to `server`, among this process's sockets.
fn accepted_nodelay(server: std::net::SocketAddr, client: std::net::SocketAddr) -> Option<bool> {
    for entry in std::fs::read_dir("/proc/self/fd").ok()? {
        let Ok(fd) = entry.ok()?.file_name().to_string_lossy().parse::<RawFd>() else {
            continue;
        };
        // SAFETY: the descriptor is only read from while this loop holds it, and the server
        // keeps the connection open until the client closes it, after this check.
        let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
        let sock = socket2::SockRef::from(&borrowed);
        let (Ok(local), Ok(peer)) = (sock.local_addr(), sock.peer_addr()) else {
            continue;
        };
        if local.as_socket() == Some(server) && peer.as_socket() == Some(client) {
            return sock.tcp_nodelay().ok();
        }
    }
    None
}

#[tokio::test]
async fn accepted_connections_do_not_wait_for_nagle() {
    let server = TestServer::start().await;
    let mut client = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    // One keep-alive request: answered means accepted (and the connection stays open).
    client
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut head = [0u8; 12];
    client.read_exact(&mut head).await.unwrap();
    assert_eq!(&head, b"HTTP/1.1 200");
    let found = accepted_nodelay(server.addr, client.local_addr().unwrap());
    assert_eq!(found, Some(true), "TCP_NODELAY on the accepted socket");
}

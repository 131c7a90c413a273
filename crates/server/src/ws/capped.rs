//! A socket's transport with a read limit that can change while the socket is open: how many
//! bytes the WebSocket layer may read towards one message. tungstenite buffers a whole frame
//! before handing it over and fixes its own size limit at the upgrade, so a page that has not
//! consented could otherwise make the server hold a snapshot-sized frame. Below this limit the
//! bytes flow untouched; past it the read fails and the socket closes (`TOO_BIG`).
//!
//! The count restarts at each message the socket's task takes ([`Capped::message_taken`]), so a
//! socket that keeps sending small messages never reaches it. A new limit applies at once,
//! unless the frame under way has already read past it (a snapshot under way when sharing
//! ends): then it applies from the next message, so that frame is read to its end, not cut.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

pub struct Capped<S> {
    inner: S,
    /// Bytes that may be read towards one message; `None`: the WebSocket layer's own limit.
    limit: Option<usize>,
    /// The limit from the next message on.
    next_limit: Option<usize>,
    /// Bytes read since the last message was taken.
    read: usize,
}

/// The error a read past the limit fails with (inside the `io::Error`).
#[derive(Debug, thiserror::Error)]
#[error("more than {0} bytes towards one message")]
pub struct OverLimit(pub usize);

impl<S> Capped<S> {
    pub fn new(inner: S, limit: Option<usize>) -> Capped<S> {
        Capped {
            inner,
            limit,
            next_limit: limit,
            read: 0,
        }
    }

    /// Sets the limit: at once, unless a frame under way has already read past a lower one;
    /// then from the next message.
    pub fn set_limit(&mut self, limit: Option<usize>) {
        self.next_limit = limit;
        if limit.is_none_or(|l| self.read <= l) {
            self.limit = limit;
        }
    }

    /// The socket's task took a message: the count starts again.
    pub fn message_taken(&mut self) {
        self.read = 0;
        self.limit = self.next_limit;
    }
}

/// Whether a receive error is a [`Capped`] transport refusing to read on.
pub fn is_over_limit(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<OverLimit>())
}

impl<S: AsyncRead + Unpin> AsyncRead for Capped<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let room = match this.limit {
            None => buf.remaining(),
            Some(limit) => {
                let room = limit.saturating_sub(this.read).min(buf.remaining());
                if room == 0 && buf.remaining() > 0 {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        OverLimit(limit),
                    )));
                }
                room
            }
        };
        let mut part = ReadBuf::new(buf.initialize_unfilled_to(room));
        ready!(Pin::new(&mut this.inner).poll_read(cx, &mut part))?;
        let n = part.filled().len();
        buf.advance(n);
        this.read += n;
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Capped<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, data)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    #[tokio::test]
    async fn reads_stop_at_the_limit_until_a_message_is_taken() {
        let data = vec![7u8; 300];
        let mut capped = Capped::new(&data[..], Some(100));
        let mut buf = vec![0u8; 1000];
        let mut got = 0;
        let err = loop {
            match capped.read(&mut buf).await {
                Ok(n) => got += n,
                Err(e) => break e,
            }
        };
        assert_eq!(got, 100);
        assert!(is_over_limit(&err));
        capped.message_taken();
        assert_eq!(capped.read(&mut buf).await.unwrap(), 100);
        // Raised: the rest flows at once.
        capped.set_limit(None);
        assert_eq!(capped.read(&mut buf).await.unwrap(), 100);
    }

    #[tokio::test]
    async fn a_lower_limit_waits_for_the_next_message() {
        let data = vec![7u8; 400];
        let mut capped = Capped::new(&data[..], None);
        let mut buf = vec![0u8; 150];
        assert_eq!(capped.read(&mut buf).await.unwrap(), 150);
        capped.set_limit(Some(10));
        assert_eq!(
            capped.read(&mut buf).await.unwrap(),
            150,
            "the frame under way"
        );
        capped.message_taken();
        assert_eq!(capped.read(&mut buf).await.unwrap(), 10);
        assert!(is_over_limit(&capped.read(&mut buf).await.unwrap_err()));
    }
}

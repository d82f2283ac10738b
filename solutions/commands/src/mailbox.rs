//! A connection's mailbox: what other clients hand to it.
//!
//! Most of a connection's life is request, reply. But some things reach a connection from
//! *elsewhere*: a message published to a channel it subscribed to, the news that a key it waits
//! for (`BLPOP`) received a value. The connection may be busy reading or writing at that moment,
//! so the sender does not write to its socket: it drops the message into the connection's
//! mailbox and rings. The connection's loop waits for the bell as it waits for input, and
//! delivers what is in the mailbox, in order, before it reads the next request.
//!
//! A client that stops reading must not take the server's memory with it. The mailbox counts
//! the bytes waiting in it; past the hard limit, or past the soft limit for longer than its
//! grace period, the client is disconnected and its mailbox emptied, as Redis does with
//! `client-output-buffer-limit`. Nothing is dropped silently: a message is delivered, or the
//! client is gone.
//!
//! What waits is a [`Delivery`]: a frame, encoded in the client's protocol when the connection
//! writes it, or a frame already encoded ([`EncodedFrame`]) that a publisher shares between all
//! the subscribers of a channel, so that a message to a thousand subscribers is encoded once.
//!
//! How real Redis does it: messages are appended to the client's reply buffer (`addReply*` in
//! `src/networking.c`), and `checkClientOutputBufferLimits` closes clients over their limits.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::BytesMut;
use resp::{EncodedFrame, Frame, Protocol};
use tokio::sync::Notify;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// How much may wait in a mailbox (`client-output-buffer-limit <class> hard soft seconds`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputLimit {
    /// Past this many bytes, disconnect at once (0: no limit).
    pub hard: usize,
    /// Past this many bytes for longer than `soft_for`, disconnect (0: no limit).
    pub soft: usize,
    /// How long the soft limit may be exceeded.
    pub soft_for: Duration,
}

impl From<crate::config::OutputBufferLimit> for OutputLimit {
    fn from(limit: crate::config::OutputBufferLimit) -> OutputLimit {
        OutputLimit {
            hard: usize::try_from(limit.hard_limit_bytes).unwrap_or(usize::MAX),
            soft: usize::try_from(limit.soft_limit_bytes).unwrap_or(usize::MAX),
            soft_for: Duration::from_secs(limit.soft_limit_seconds.max(0) as u64),
        }
    }
}

impl OutputLimit {
    /// Redis's default for pub/sub clients: `32mb 8mb 60`.
    pub const PUBSUB: OutputLimit = OutputLimit {
        hard: 32 * 1024 * 1024,
        soft: 8 * 1024 * 1024,
        soft_for: Duration::from_secs(60),
    };
}

/// One thing waiting in a mailbox.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// A frame, encoded in the client's protocol when the connection writes it.
    Frame(Frame),
    /// A frame encoded once for many clients: a published message.
    Encoded(EncodedFrame),
}

impl Delivery {
    /// Appends the wire form in `protocol` to `dst`.
    pub fn encode_as(&self, protocol: impl Into<Protocol>, dst: &mut BytesMut) {
        match self {
            Delivery::Frame(frame) => frame.encode_as(protocol, dst),
            Delivery::Encoded(encoded) => encoded.encode_as(protocol, dst),
        }
    }

    /// The frame delivered (an encoded one read back: for tests and debugging).
    pub fn to_frame(&self) -> Frame {
        match self {
            Delivery::Frame(frame) => frame.clone(),
            Delivery::Encoded(encoded) => encoded.to_frame(),
        }
    }
}

impl From<Frame> for Delivery {
    fn from(frame: Frame) -> Delivery {
        Delivery::Frame(frame)
    }
}

impl From<EncodedFrame> for Delivery {
    fn from(encoded: EncodedFrame) -> Delivery {
        Delivery::Encoded(encoded)
    }
}

/// Equal to a frame that is sent as the same bytes.
impl PartialEq<Frame> for Delivery {
    fn eq(&self, other: &Frame) -> bool {
        match self {
            Delivery::Frame(frame) => frame == other,
            Delivery::Encoded(encoded) => encoded == other,
        }
    }
}

/// How many deliveries' room an emptied mailbox keeps for the next ones.
const KEPT_ROOM: usize = 256;

/// What the mailbox holds.
#[derive(Debug)]
struct Contents {
    /// What to write to the client, oldest first.
    frames: VecDeque<Delivery>,
    /// Since when the soft limit has been exceeded.
    over_soft_since: Option<Instant>,
    /// How much may wait here: under the same lock, so that a delivery takes one.
    limit: OutputLimit,
}

#[derive(Debug)]
struct Inner {
    contents: Mutex<Contents>,
    /// Bytes waiting in `frames` (their payload sizes, as the sender counted them).
    bytes: AtomicUsize,
    /// Rung by every delivery and wake-up.
    bell: Notify,
    /// Cancelled when the client must go: over its limit, or killed.
    closed: CancellationToken,
    /// The same as `closed.is_cancelled()`, read without a lock: on every delivery and every
    /// request.
    is_closed: AtomicBool,
}

/// One connection's mailbox. Cloning gives another handle to the same mailbox: the connection
/// keeps one, and registries (subscribers, waiters) keep others.
#[derive(Debug, Clone)]
pub struct Mailbox {
    inner: Arc<Inner>,
}

impl Mailbox {
    /// An empty mailbox with this limit.
    pub fn new(limit: OutputLimit) -> Mailbox {
        Mailbox {
            inner: Arc::new(Inner {
                contents: Mutex::new(Contents {
                    frames: VecDeque::new(),
                    over_soft_since: None,
                    limit,
                }),
                bytes: AtomicUsize::new(0),
                bell: Notify::new(),
                closed: CancellationToken::new(),
                is_closed: AtomicBool::new(false),
            }),
        }
    }

    /// Changes the limit (`CONFIG SET client-output-buffer-limit`).
    pub fn set_limit(&self, limit: OutputLimit) {
        self.contents().limit = limit;
    }

    /// Hands `frame` (a [`Frame`] or an [`EncodedFrame`]), about `size` bytes on the wire, to
    /// the connection. Returns false, and delivers nothing, if the client is gone or this
    /// delivery takes it over its limit (then it is disconnected).
    pub fn deliver(&self, frame: impl Into<Delivery>, size: usize) -> bool {
        if self.is_closed() {
            return false;
        }
        let mut contents = self.contents();
        let limit = contents.limit;
        let waiting = self.inner.bytes.load(Ordering::Relaxed) + size;
        let over_soft = limit.soft > 0 && waiting > limit.soft;
        let since = match (over_soft, contents.over_soft_since) {
            (true, Some(since)) => Some(since),
            (true, None) => Some(Instant::now()),
            (false, _) => None,
        };
        contents.over_soft_since = since;
        let over_hard = limit.hard > 0 && waiting > limit.hard;
        let over_soft_too_long = since.is_some_and(|since| since.elapsed() > limit.soft_for);
        if over_hard || over_soft_too_long {
            contents.frames.clear();
            self.inner.bytes.store(0, Ordering::Relaxed);
            drop(contents);
            tracing::warn!("closing a client over its output buffer limit");
            self.close();
            return false;
        }
        contents.frames.push_back(frame.into());
        self.inner.bytes.store(waiting, Ordering::Relaxed);
        drop(contents);
        self.inner.bell.notify_one();
        true
    }

    /// Rings the bell without a frame: "something you wait for happened" (a key received a
    /// value). The connection looks at what it was waiting for.
    pub fn wake(&self) {
        self.inner.bell.notify_one();
    }

    /// Takes every frame waiting, oldest first. For tests, which look at what was delivered:
    /// the step tests in `tests/` use it, so it cannot be `#[cfg(test)]`. A connection uses
    /// [`Mailbox::write_to`].
    pub fn take(&self) -> VecDeque<Delivery> {
        let frames = std::mem::take(&mut self.contents().frames);
        self.inner.bytes.store(0, Ordering::Relaxed);
        frames
    }

    /// Appends every frame waiting to `dst`, oldest first, in `protocol`, and empties the
    /// mailbox. What [`Mailbox::take`] does, without handing over the queue: it keeps its
    /// room for the next messages.
    pub fn write_to(&self, protocol: impl Into<Protocol>, dst: &mut BytesMut) {
        if self.waiting_bytes() == 0 {
            return; // Nothing waits (every delivery counts its bytes): no lock to take.
        }
        let protocol = protocol.into();
        let mut contents = self.contents();
        for frame in contents.frames.drain(..) {
            frame.encode_as(protocol, dst);
        }
        // A queue that grew for a burst (a subscriber that fell behind) gives the room back.
        if contents.frames.capacity() > KEPT_ROOM {
            contents.frames.shrink_to(KEPT_ROOM);
        }
        self.inner.bytes.store(0, Ordering::Relaxed);
    }

    /// Bytes waiting: `CLIENT LIST`'s `omem`.
    pub fn waiting_bytes(&self) -> usize {
        self.inner.bytes.load(Ordering::Relaxed)
    }

    /// Resolves once the bell has rung since the last time it resolved. Cancel-safe: a ring
    /// while nobody waits is kept for the next wait.
    pub async fn rung(&self) {
        self.inner.bell.notified().await;
    }

    /// Disconnects the client: its connection closes as soon as it notices (`closed`).
    pub fn close(&self) {
        self.inner.is_closed.store(true, Ordering::Relaxed);
        self.inner.closed.cancel();
        self.inner.bell.notify_one();
    }

    /// Whether the client must go.
    pub fn is_closed(&self) -> bool {
        self.inner.is_closed.load(Ordering::Relaxed)
    }

    /// Cancelled when the client must go. The connection selects on it while it writes, so a
    /// client that never reads cannot keep its connection stuck in a write.
    pub fn closed(&self) -> CancellationToken {
        self.inner.closed.clone()
    }

    fn contents(&self) -> std::sync::MutexGuard<'_, Contents> {
        self.inner
            .contents
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for Mailbox {
    fn default() -> Mailbox {
        Mailbox::new(OutputLimit::PUBSUB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn message(text: &'static str) -> Frame {
        Frame::Bulk(Bytes::from_static(text.as_bytes()))
    }

    #[tokio::test]
    async fn frames_arrive_in_order_and_a_ring_is_kept_for_the_next_wait() {
        let mailbox = Mailbox::default();
        assert!(mailbox.deliver(message("one"), 3));
        assert!(mailbox.deliver(message("two"), 3));
        tokio::time::timeout(Duration::from_secs(1), mailbox.rung())
            .await
            .expect("a delivery rings the bell, even before anyone waits");
        assert_eq!(mailbox.waiting_bytes(), 6);
        assert_eq!(
            mailbox.take().into_iter().collect::<Vec<_>>(),
            vec![message("one"), message("two")]
        );
        assert_eq!(mailbox.waiting_bytes(), 0);
    }

    /// `write_to`'s three duties: each delivery in the client's protocol, in the order they
    /// came (a frame and a publisher's pre-encoded message interleaved), and an empty mailbox
    /// afterwards that keeps some room but gives a burst's back.
    #[tokio::test]
    async fn write_to_writes_everything_in_order_in_the_protocol_and_empties_the_mailbox() {
        let push = |channel: &'static str| {
            Frame::Push(vec![message("message"), message(channel), message("hi")])
        };
        let fill = |mailbox: &Mailbox| {
            assert!(mailbox.deliver(push("a"), 10));
            assert!(mailbox.deliver(EncodedFrame::new(&push("b")), 10));
            assert!(mailbox.deliver(push("c"), 10));
        };
        let wire = |kind: char| {
            ["a", "b", "c"]
                .map(|channel| {
                    format!("{kind}3\r\n$7\r\nmessage\r\n$1\r\n{channel}\r\n$2\r\nhi\r\n")
                })
                .concat()
        };
        for (protocol, kind) in [(Protocol::Resp2, '*'), (Protocol::Resp3, '>')] {
            let mailbox = Mailbox::default();
            fill(&mailbox);
            let mut dst = BytesMut::from(&b"+OK\r\n"[..]);
            mailbox.write_to(protocol, &mut dst);
            assert_eq!(
                String::from_utf8_lossy(&dst),
                format!("+OK\r\n{}", wire(kind)),
                "{protocol:?}: appended after what `dst` held, frames and encoded frames alike \
                 as `{kind}`, oldest first"
            );
            assert_eq!(
                mailbox.waiting_bytes(),
                0,
                "{protocol:?}: nothing is counted"
            );
            assert!(
                mailbox.contents().frames.is_empty(),
                "{protocol:?}: nothing waits"
            );
            assert!(
                mailbox.contents().frames.capacity() >= 3,
                "{protocol:?}: the queue keeps its room for the next messages"
            );
            dst.clear();
            mailbox.write_to(protocol, &mut dst);
            assert!(
                dst.is_empty(),
                "{protocol:?}: a second write has nothing to write"
            );
        }

        let mailbox = Mailbox::default();
        for _ in 0..4 * KEPT_ROOM {
            assert!(mailbox.deliver(message("x"), 1));
        }
        let mut dst = BytesMut::new();
        mailbox.write_to(Protocol::Resp2, &mut dst);
        assert_eq!(dst.len(), 4 * KEPT_ROOM * b"$1\r\nx\r\n".len());
        assert!(
            mailbox.contents().frames.capacity() <= KEPT_ROOM,
            "a queue that grew for a burst gives its room back"
        );
    }

    #[tokio::test]
    async fn past_the_hard_limit_the_client_is_closed_and_its_mailbox_emptied() {
        let mailbox = Mailbox::new(OutputLimit {
            hard: 10,
            soft: 0,
            soft_for: Duration::ZERO,
        });
        assert!(mailbox.deliver(message("12345678"), 8));
        assert!(
            !mailbox.deliver(message("abc"), 3),
            "11 bytes > 10: refused"
        );
        assert!(mailbox.is_closed());
        assert_eq!(mailbox.waiting_bytes(), 0, "what waited is freed");
        assert!(mailbox.take().is_empty());
        assert!(
            !mailbox.deliver(message("x"), 1),
            "a closed client gets nothing"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn over_the_soft_limit_for_too_long_the_client_is_closed() {
        let mailbox = Mailbox::new(OutputLimit {
            hard: 0,
            soft: 4,
            soft_for: Duration::from_secs(60),
        });
        assert!(
            mailbox.deliver(message("12345"), 5),
            "over soft: allowed for now"
        );
        tokio::time::advance(Duration::from_secs(30)).await;
        assert!(mailbox.deliver(message("1"), 1), "30 s over: still allowed");
        tokio::time::advance(Duration::from_secs(31)).await;
        assert!(!mailbox.deliver(message("1"), 1), "61 s over: closed");
        assert!(mailbox.is_closed());
    }
}

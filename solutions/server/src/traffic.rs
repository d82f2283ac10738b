//! Counting each client's traffic, for `INFO`'s `total_net_input_bytes`,
//! `total_net_output_bytes`, `total_reads_processed` and `total_writes_processed`.
//!
//! A wrapper around a connection's handler, like [`crate::Polled`]: it sees how much input the
//! handler consumed and how much output it produced on each turn, and adds both to the shared
//! [`commands::Stats`]. Two relaxed atomic additions per turn (per read from the socket, not per
//! request), so a pipeline of a hundred requests costs the same two. The binary wraps every
//! connection's handler in one; the step tests, which do not read `INFO`, do not.
//!
//! How real Redis does it: `readQueryFromClient` adds what `read` returned to
//! `stat_net_input_bytes`, and `writeToClient` what `write` sent to `stat_net_output_bytes`
//! (`src/networking.c`).

use std::sync::Arc;

use bytes::BytesMut;
use commands::Shared;

use crate::{Flow, Handler};

/// A connection's handler whose traffic is counted in the server's statistics.
pub struct Metered<H> {
    handler: H,
    shared: Arc<Shared>,
}

impl<H: Handler> Metered<H> {
    /// Counts `handler`'s traffic in `shared.stats`.
    pub fn new(handler: H, shared: Arc<Shared>) -> Metered<H> {
        Metered { handler, shared }
    }
}

impl<H: Handler> Handler for Metered<H> {
    fn handle(&mut self, input: &mut BytesMut, output: &mut BytesMut) -> Flow {
        let (received, sent) = (input.len(), output.len());
        let flow = self.handler.handle(input, output);
        self.shared.stats.count_traffic(
            received.saturating_sub(input.len()),
            output.len().saturating_sub(sent),
        );
        flow
    }

    fn ready(&mut self) -> impl std::future::Future<Output = ()> + Send {
        self.handler.ready()
    }

    fn closed(&self) -> tokio_util::sync::CancellationToken {
        self.handler.closed()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering::Relaxed;

    use super::*;
    use crate::RespHandler;

    #[test]
    fn consumed_input_and_produced_output_are_counted() {
        let shared = Shared::new();
        let mut handler = Metered::new(RespHandler::new(shared.clone()), shared.clone());
        let mut input = BytesMut::from(&b"PING\r\nPING\r\n*1\r\n$4\r\nPI"[..]);
        let mut output = BytesMut::new();
        handler.handle(&mut input, &mut output);
        let stats = &shared.stats;
        assert_eq!(
            stats.net_input_bytes.load(Relaxed),
            12,
            "two whole PINGs were consumed; the incomplete request waits"
        );
        assert_eq!(
            stats.net_output_bytes.load(Relaxed),
            14,
            "+PONG\\r\\n twice"
        );
        assert_eq!(stats.reads_processed.load(Relaxed), 1);
        assert_eq!(stats.writes_processed.load(Relaxed), 1);
    }
}

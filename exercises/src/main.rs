//! The Mini-Redis server binary.
//!
//! `cargo run -p solutions` starts the finished reference server on port 16379;
//! `cargo run -p exercises` starts yours on 6379, Redis's usual port. Both then answer
//! `redis-cli -p <port>`. See `--help` for the flags.

use std::process::ExitCode;

/// 16379 for the reference server, 6379 for the learner's, so both can run at once.
const DEFAULT_PORT: u16 = match env!("CARGO_PKG_NAME").as_bytes() {
    b"solutions" => 16379,
    _ => 6379,
};

#[tokio::main]
async fn main() -> ExitCode {
    server::cli::main(DEFAULT_PORT).await
}

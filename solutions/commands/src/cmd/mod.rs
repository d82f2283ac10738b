//! One command per file. Each has `parse` (arguments → struct) and `apply` (struct → reply).
//!
//! - Step 3: `ping`, `echo`, `get`, `set` (all its options: parsing them is command work),
//!   `del`, `exists`, `incr`.
//! - Step 4: `expire`, `ttl`, `persist`. `SET ... EX 10` parses in step 3 but stores its TTL with
//!   `Keyspace::set_expiry`, a step-4 stub, so it works from step 4 on.
//! - Pre-written, because `redis-cli` and client libraries send them when they connect:
//!   `connection` (`SELECT`, `HELLO`, `CLIENT`) and `introspection` (`COMMAND`, `INFO`).

mod connection;
mod del;
mod echo;
mod exists;
mod expire;
mod get;
mod incr;
mod introspection;
mod persist;
mod ping;
mod set;
mod ttl;

pub use connection::{Client, Hello, Select};
pub use del::Del;
pub use echo::Echo;
pub use exists::Exists;
pub use expire::{Expire, ExpireCondition};
pub use get::Get;
pub use incr::IncrBy;
pub use introspection::{CommandInfo, Info};
pub use persist::Persist;
pub use ping::Ping;
pub use set::{Set, SetCondition, SetExpiry};
pub use ttl::{Ttl, TtlUnit};

//! Every length a client can declare, capped.
//!
//! A RESP frame announces its size before its content: `$536870912\r\n` promises half a gigabyte.
//! A parser that believed the promise and allocated up front could be made to exhaust memory by a
//! single 14-byte line. Ours allocates nothing for a declared length: it waits until the bytes are
//! actually in the buffer, and it refuses declarations past these caps, which are Redis's own
//! defaults.

/// Largest bulk string a client may send: 512 MiB, Redis's `proto-max-bulk-len`.
pub const MAX_BULK_LEN: usize = 512 * 1024 * 1024;

/// Largest element count of a request array: Redis's `INT_MAX` in `processMultibulkBuffer`.
pub const MAX_MULTIBULK_LEN: usize = i32::MAX as usize;

/// Longest inline command or `*`/`$` header line without its `\r\n`: 64 KiB, Redis's
/// `PROTO_INLINE_MAX_SIZE`.
pub const MAX_INLINE_LEN: usize = 64 * 1024;

/// Deepest nesting of arrays that [`crate::Frame::parse`] accepts. Requests never nest (Redis
/// rejects it); replies from real servers nest a few levels at most.
pub const MAX_NESTING_DEPTH: usize = 64;

/// How many array elements we reserve room for before they arrive. A count of a million costs
/// this much at most until the elements are actually parsed.
pub const MAX_PREALLOCATED_ELEMENTS: usize = 1024;

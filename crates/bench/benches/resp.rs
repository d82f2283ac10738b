//! RESP parse and encode, the two ends of every request.
//!
//! `cargo bench -p workshop-bench --bench resp`

use std::hint::black_box;

use bytes::{Bytes, BytesMut};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use resp::Frame;
use workshop_bench::{pipeline, workloads, PIPELINE};

/// `parse_request` on one request, and on a pipeline of 16 (the server's `-P 16` case: one read,
/// sixteen requests in the buffer).
fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for (name, request) in workloads() {
        for count in [1, PIPELINE] {
            let wire = pipeline(&request, count);
            group.throughput(Throughput::Elements(count as u64));
            group.bench_function(format!("{name} x{count}"), |b| {
                // The buffer is consumed by parsing, so each iteration gets a fresh copy; the
                // copy is made outside the timed part.
                b.iter_batched_ref(
                    || wire.clone(),
                    |buf| {
                        while let Some(frame) = resp::parse_request(buf).expect("valid RESP") {
                            black_box(frame);
                        }
                    },
                    BatchSize::SmallInput,
                )
            });
        }
    }
    // The inline form `PING\r\n`, what redis-benchmark's PING_INLINE sends.
    let inline = BytesMut::from(&b"PING\r\n".repeat(PIPELINE)[..]);
    group.throughput(Throughput::Elements(PIPELINE as u64));
    group.bench_function(format!("PING inline x{PIPELINE}"), |b| {
        b.iter_batched_ref(
            || inline.clone(),
            |buf| {
                while let Some(frame) = resp::parse_request(buf).expect("valid inline") {
                    black_box(frame);
                }
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

/// `Frame::encode` of the four replies the benchmark gets back, into a reused buffer.
fn encode(c: &mut Criterion) {
    let replies = [
        ("+PONG", Frame::Simple("PONG".into())),
        ("+OK", Frame::ok()),
        ("$3 xxx", Frame::Bulk(Bytes::from_static(b"xxx"))),
        (":42", Frame::Integer(42)),
    ];
    let mut group = c.benchmark_group("encode");
    group.throughput(Throughput::Elements(1));
    for (name, reply) in replies {
        let mut out = BytesMut::with_capacity(64 * 1024);
        group.bench_function(name, |b| {
            b.iter(|| {
                if out.len() > 60 * 1024 {
                    out.clear();
                }
                black_box(&reply).encode(&mut out);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, parse, encode);
criterion_main!(benches);

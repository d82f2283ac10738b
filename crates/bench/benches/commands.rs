//! The command path without a socket: `commands::dispatch`, table checks, parsing, execution
//! under the lock. This is everything the server does per request between parsing and encoding.
//!
//! `cargo bench -p workshop-bench --bench commands`

use std::hint::black_box;

use bytes::Bytes;
use commands::{Session, Shared};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use store::{Db, Value};
use workshop_bench::{request, workloads};

/// Each of redis-benchmark's commands, from request frame to reply frame.
fn from_frame_and_execute(c: &mut Criterion) {
    let shared = Shared::new();
    let mut session = Session::new();
    // GET finds a value, as it does in redis-benchmark (SET runs first).
    commands::dispatch(
        &shared,
        &mut session,
        request(&["SET", "key:__rand_int__", "xxx"]),
    );

    let mut group = c.benchmark_group("command");
    group.throughput(Throughput::Elements(1));
    for (name, frame) in workloads() {
        group.bench_function(name, |b| {
            // The request frame is moved into `from_frame`, so each iteration needs its own;
            // cloning it is not part of what is timed.
            b.iter_batched(
                || frame.clone(),
                |frame| black_box(commands::dispatch(&shared, &mut session, frame)),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

/// The keyspace alone, holding a million keys: the cost of the hash table and its hasher, with
/// the table far larger than the CPU's caches, as in `bench/compare.sh`'s memory test.
fn keyspace(c: &mut Criterion) {
    const KEYS: usize = 1_000_000;
    let key = |i: usize| Bytes::from(format!("key:{i:012}"));
    let db = Db::new();
    {
        let mut databases = db.lock();
        let keyspace = &mut databases[0];
        for i in 0..KEYS {
            keyspace.set(key(i), Value::String(Bytes::from_static(b"xxx")));
        }
    }
    // Keys spread over the whole table, made before timing starts.
    let hits: Vec<Bytes> = (0..1024).map(|i| key(i * 7919 % KEYS)).collect();
    let misses: Vec<Bytes> = (0..1024).map(|i| key(KEYS + i)).collect();

    let mut group = c.benchmark_group("keyspace 1M keys");
    group.throughput(Throughput::Elements(1));
    for (name, keys) in [("get hit", &hits), ("get miss", &misses)] {
        let mut next = keys.iter().cycle();
        group.bench_function(name, |b| {
            b.iter(|| {
                let key = next.next().expect("cycle never ends");
                black_box(db.lock()[0].get(key).is_some())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, from_frame_and_execute, keyspace);
criterion_main!(benches);

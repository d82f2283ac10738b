//! `cargo workshop`: the learner's runner (see the README).
fn main() {
    println!("cargo workshop: coming soon");
}

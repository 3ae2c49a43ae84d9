//! Prints what the privacy guard finds in each argument (or each line of stdin).
//!
//! `cargo run -p zicht-core --example privacy_scan -- "bel 06-12345678"`

use std::io::BufRead;

fn show(note: &str) {
    println!("{note:?}");
    for f in zicht_core::privacy::scan(note) {
        println!(
            "  {:<14} {:?} {:?}",
            f.kind.id(),
            f.kind.severity(),
            f.excerpt
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        for line in std::io::stdin().lock().lines().map_while(Result::ok) {
            show(&line);
        }
    } else {
        args.iter().for_each(|a| show(a));
    }
}

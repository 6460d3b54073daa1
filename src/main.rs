//! The `hyoka` command: a thin shell over the library.

mod cli;

/// Parsing makes many small strings (cells, keys, values); mimalloc serves them faster than
/// the system allocator (BENCHMARKS.md, "Text pipeline speed"). Built without transparent
/// huge pages (`no_thp`): with them, every page mimalloc purged and touched again cost the
/// kernel a 2 MiB clear, a tenth of a run's CPU.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}

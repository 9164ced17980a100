# Developer shortcuts (https://github.com/casey/just); CI runs .ci/run.

fmt:
    cargo fmt --all

lint:
    cargo fmt --all -- --check
    cargo clippy --all-targets -- -D warnings
    RUSTDOCFLAGS="-D warnings" cargo doc --no-deps

test:
    cargo test

bench:
    scripts/bench-log.sh

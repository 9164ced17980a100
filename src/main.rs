//! The `cramplog` binary: everything happens in [`cramplog::app::main`].

fn main() -> std::process::ExitCode {
    cramplog::app::main()
}

//! The `kiosk` binary: everything lives in the library; this only hands over to the CLI.

fn main() -> std::process::ExitCode {
    lobby_kiosk::cli::main()
}

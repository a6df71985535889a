//! `cargo-qadapt`, run as `cargo qadapt ..` or directly. See the library.

fn main() {
    cargo_qadapt::panic::install_quiet_hook();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let code = match cargo_qadapt::panic::catch(|| cargo_qadapt::cli::run(args)) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: internal error in cargo-qadapt: {message}");
            101
        }
    };
    std::process::exit(code);
}

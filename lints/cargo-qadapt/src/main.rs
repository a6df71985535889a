//! `cargo-qadapt`, run as `cargo qadapt ..` or directly. See the library.

/// Runs before Rust's runtime starts, which reopens closed standard streams
/// on `/dev/null`: see `cargo_qadapt::stdio`.
#[used]
#[cfg_attr(
    any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "dragonfly",
        target_os = "illumos",
        target_os = "solaris",
    ),
    unsafe(link_section = ".init_array")
)]
#[cfg_attr(
    target_vendor = "apple",
    unsafe(link_section = "__DATA,__mod_init_func")
)]
static RECORD_CLOSED_STREAMS: extern "C" fn() = cargo_qadapt::stdio::record_closed_streams;

fn main() {
    cargo_qadapt::panic::install_quiet_hook();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The whole command runs on a large stack: deep input must not abort it.
    let outcome =
        cargo_qadapt::stack::run(|| cargo_qadapt::panic::catch(|| cargo_qadapt::cli::run(args)));
    let code = outcome.unwrap_or_else(|message| {
        cargo_qadapt::console::write_stderr(&format!(
            "error: internal error in cargo-qadapt: {message}\n"
        ));
        101
    });
    std::process::exit(code);
}

//! `cargo xtask <command>`: parse, run, turn the result into an exit code
//! (0 passed, 1 a kata failed, 2 the runner could not do its job).

use std::process::ExitCode;

use clap::Parser;
use xtask::cli::Args;
use xtask::commands::Outcome;

fn main() -> ExitCode {
    // SAFETY: nothing else runs yet; these settings must be in place before
    // insta first reads its configuration.
    unsafe { xtask::prepare_environment() };
    // Each kata runs in its own process group, out of reach of the terminal's
    // Ctrl-C: without this, interrupting the runner would leave a hung kata running.
    xtask::execute::install_interrupt_handler();
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match xtask::run(args) {
        Ok(Outcome::Passed) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
